using Faucet.Clicker;

namespace Faucet.Api.Features.Clicker;

/// <summary>What the clicker page shows before the first click: the player's counts, and when a clicker ban in force
/// ends (an operator's ban is on <c>/api/v1/me/status</c>).</summary>
public sealed record ClickerStatus(ClickCounts Counts, DateTimeOffset? BannedUntil);
