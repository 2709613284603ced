using System.Text.Json;

namespace Faucet.Api.Features.Players;

/// <summary>A flag raised for review (table <c>player_flags</c>), such as <c>kill_rate</c>.</summary>
public sealed record PlayerFlag(long Id, string Kind, JsonElement Detail, DateTimeOffset FlaggedAt);
