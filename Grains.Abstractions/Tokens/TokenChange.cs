namespace Faucet.Tokens;

/// <param name="Entry">The entry made (or, for a repeat, the first one); null when refused.</param>
/// <param name="Terms">With <see cref="TokenChangeStatus.TermsNotAccepted"/>: what the player must accept.</param>
[GenerateSerializer, Immutable, Alias("faucet.TokenChange")]
public sealed record TokenChange(
    [property: Id(0)] TokenChangeStatus Status,
    [property: Id(1)] TokenEntry? Entry,
    [property: Id(2)] TokenBalance Balance,
    [property: Id(3)] Faucet.Players.TermsStanding? Terms = null)
{
    public bool Done => Status is TokenChangeStatus.Applied or TokenChangeStatus.Repeated;
}
