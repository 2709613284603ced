using Faucet.Tokens;

namespace Faucet.Vanity;

/// <param name="Key">The private key, shown once: with the pull's answer, and again only if the same pull is asked for
/// within the keep window. Kept keys are read back from the sealed store.</param>
/// <param name="Balance">Null only for an <see cref="VanityPullStatus.InvalidPattern"/> or a
/// <see cref="VanityPullStatus.Busy"/>, which never reach the account.</param>
/// <param name="Problem">Why the parts are not a pattern, with <see cref="VanityPullStatus.InvalidPattern"/> only.</param>
/// <param name="Terms">What the player must accept, with <see cref="VanityPullStatus.TermsNotAccepted"/> only.</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityPullOutcome")]
public sealed record VanityPullOutcome(
    [property: Id(0)] VanityPullStatus Status,
    [property: Id(1)] VanityPullView? Pull,
    [property: Id(2)] ExportedKey? Key,
    [property: Id(3)] TokenBalance? Balance,
    [property: Id(4)] string? Problem = null,
    [property: Id(5)] Faucet.Players.TermsStanding? Terms = null);
