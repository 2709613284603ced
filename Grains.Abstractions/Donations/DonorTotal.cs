using Faucet.Money;

namespace Faucet.Donations;

/// <summary>What one address has donated in a window, and in how many transfers.</summary>
[GenerateSerializer, Immutable, Alias("faucet.DonorTotal")]
public sealed record DonorTotal(
    [property: Id(0)] string From,
    [property: Id(1)] BanAmount Amount,
    [property: Id(2)] int Donations);
