using Faucet.Money;

namespace Faucet.Api.Features.Account;

/// <summary>One accrual on the player's reward account: <c>kills</c> (with the lifetime kill count it reached),
/// <c>clicks</c> or <c>grant</c>. One earned under a boost names it, with its multiplier and what it would have been
/// without it (<see cref="Unboosted"/>); the others have nulls there.</summary>
public sealed record AccrualItem(long EntryNo, string Kind, BanAmount Amount, long? LifetimeKills, DateTimeOffset At, string? Boost, decimal? Multiplier, BanAmount? Unboosted);
