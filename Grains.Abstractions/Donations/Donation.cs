using Faucet.Money;

namespace Faucet.Donations;

/// <summary>One transfer into the donation address: the donor's send block (what makes it one of a kind), who sent
/// it, how much, when the node says it was received (null while receivable) and when the faucet recorded it.</summary>
[GenerateSerializer, Immutable, Alias("faucet.Donation")]
public sealed record Donation(
    [property: Id(0)] string SendBlock,
    [property: Id(1)] string From,
    [property: Id(2)] BanAmount Amount,
    [property: Id(3)] DateTimeOffset? SentAt,
    [property: Id(4)] DateTimeOffset FoundAt);
