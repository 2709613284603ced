namespace Faucet.Api.Features.Operations;

/// <param name="Flagged">Players flagged for review at least once.</param>
public sealed record PlayerStats(long Total, long WithWallet, long EpicLinked, long Banned, long Flagged);
