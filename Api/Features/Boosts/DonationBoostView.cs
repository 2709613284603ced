using Faucet.Money;

namespace Faucet.Api.Features.Boosts;

/// <summary>The donation milestone this week's donations have reached: kills and clicks earn <see cref="Multiplier"/>
/// times as much until the week ends.</summary>
public sealed record DonationBoostView(string Name, decimal Multiplier, BanAmount Ban, DateTimeOffset EndsAt);
