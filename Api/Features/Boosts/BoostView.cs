using Faucet.Configuration;

namespace Faucet.Api.Features.Boosts;

/// <summary>A scheduled boost: kills, clicks or both earn <see cref="Multiplier"/> times as much from
/// <see cref="StartsAt"/> until <see cref="EndsAt"/>.</summary>
public sealed record BoostView(string Name, decimal Multiplier, string AppliesTo, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public static BoostView From(BoostOptions boost) =>
        new(boost.Name, boost.Multiplier, boost.AppliesTo.ToString().ToLowerInvariant(), boost.StartsAt, boost.EndsAt);
}
