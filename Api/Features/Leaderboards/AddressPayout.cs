using Faucet.Money;

namespace Faucet.Api.Features.Leaderboards;

public sealed record AddressPayout(string PayoutId, long Round, BanAmount Amount, string Block, DateTimeOffset SentAt);
