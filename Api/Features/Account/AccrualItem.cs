using Faucet.Money;

namespace Faucet.Api.Features.Account;

/// <summary>One accrual on the player's reward account: <c>kills</c> (with the lifetime kill count it reached) or
/// <c>clicks</c>.</summary>
public sealed record AccrualItem(long EntryNo, string Kind, BanAmount Amount, long? LifetimeKills, DateTimeOffset At);
