using Faucet.Money;

namespace Faucet.Donations;

/// <summary>A donation milestone: once a week's donations reach <see cref="Ban"/>, kills and clicks earn
/// <see cref="Multiplier"/> times as much for the rest of the week.</summary>
[GenerateSerializer, Immutable, Alias("faucet.DonationMilestone")]
public sealed record DonationMilestone(
    [property: Id(0)] string Name,
    [property: Id(1)] BanAmount Ban,
    [property: Id(2)] decimal Multiplier);
