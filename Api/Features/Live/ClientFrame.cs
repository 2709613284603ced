using System.Text.Json.Serialization;

namespace Faucet.Api.Features.Live;

/// <summary>What a client sends on <c>/ws</c>: <c>{"op":"subscribe"|"unsubscribe","channel":"…"}</c>, with an
/// access token for a private channel when the upgrade request carried none.</summary>
public sealed record ClientFrame(string? Op, string? Channel, string? Token);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClientFrame))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;
