using Faucet.Leaderboards;

namespace Faucet.Feed;

/// <summary>The top of a leaderboard window changed (<c>type: leaderboard</c> on <c>feed</c>).</summary>
[GenerateSerializer, Immutable, Alias("faucet.LeaderboardChangedEvent")]
public sealed record LeaderboardChangedEvent([property: Id(0)] LeaderboardView Top);
