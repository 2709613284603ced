using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>What a settlement round asks to set aside on one player's reward account.</summary>
public sealed record RoundReservation(string UserId, long Round, BanAmount Amount);
