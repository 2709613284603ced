namespace Faucet.Api.Features.Players;

/// <param name="Since">The first day counted (the retention window).</param>
/// <param name="Recording">Whether a region header is configured at all.</param>
/// <param name="Unknown">Players without a region in the window (opted-out players are counted apart).</param>
public sealed record RegionReport(DateOnly Since, int RetentionDays, bool Recording, IReadOnlyList<RegionCount> Regions, int Unknown, int OptedOut);
