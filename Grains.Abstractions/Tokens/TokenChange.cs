namespace Faucet.Tokens;

/// <param name="Entry">The entry made (or, for a repeat, the first one); null when refused.</param>
[GenerateSerializer, Immutable, Alias("faucet.TokenChange")]
public sealed record TokenChange(
    [property: Id(0)] TokenChangeStatus Status,
    [property: Id(1)] TokenEntry? Entry,
    [property: Id(2)] TokenBalance Balance)
{
    public bool Done => Status is TokenChangeStatus.Applied or TokenChangeStatus.Repeated;
}
