namespace Faucet.Tokens;

/// <param name="FreePullsLeft">Free pulls left today (days start at 00:00 UTC).</param>
[GenerateSerializer, Immutable, Alias("faucet.TokenBalance")]
public sealed record TokenBalance(
    [property: Id(0)] long Tokens,
    [property: Id(1)] int FreePullsLeft,
    [property: Id(2)] DateTimeOffset FreePullsResetAt);
