namespace Faucet.Donations;

/// <summary>One look at the donation address: whether the node answered, and how many new donations were recorded.</summary>
[GenerateSerializer, Immutable, Alias("faucet.DonationLook")]
public sealed record DonationLook(
    [property: Id(0)] bool NodeAnswered,
    [property: Id(1)] int Recorded);
