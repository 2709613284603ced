using Faucet.Players;

namespace Faucet.Api.Features.Legal;

/// <summary>Where a player stands with the terms of service and privacy policy.</summary>
/// <param name="CurrentVersion">The version a player accepts now.</param>
/// <param name="MinimumAge">The age a player confirms being at least; 0 when the gate is off.</param>
/// <param name="Needed">True while purchases, paid pulls and jobs wait for the player to accept (POST /api/v1/me/terms).</param>
/// <param name="AcceptedVersion">The version the player last accepted, if any.</param>
public sealed record TermsView(
    string CurrentVersion,
    int MinimumAge,
    bool Needed,
    string? AcceptedVersion,
    DateTimeOffset? AcceptedAt,
    bool AgeConfirmed)
{
    public static TermsView Of(TermsStanding standing) => new(
        standing.Version,
        standing.MinimumAge,
        !standing.Satisfied,
        standing.Accepted?.Version,
        standing.Accepted?.AcceptedAt,
        standing.Accepted?.AgeConfirmed ?? false);
}
