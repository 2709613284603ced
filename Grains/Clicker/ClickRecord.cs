using Faucet.Money;

namespace Faucet.Clicker;

/// <summary>One row of <c>click_events</c>: a click and the answer it got.</summary>
public sealed record ClickRecord(
    string UserId,
    long Seq,
    string ClientNonce,
    DateTimeOffset At,
    ClickOutcome Outcome,
    BanAmount Reward,
    string? IpHash,
    string? AgentHash);
