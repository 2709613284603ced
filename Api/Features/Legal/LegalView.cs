using Faucet.Configuration;

namespace Faucet.Api.Features.Legal;

/// <summary>The terms of service and privacy policy a player accepts, and the age gate.</summary>
/// <param name="Version">The version of both texts a player accepts now.</param>
/// <param name="MinimumAge">The age a player confirms being at least before paying; 0 when the gate is off.</param>
/// <param name="Terms">Where the terms of service are: this Api's <c>/api/v1/legal/terms</c> (Markdown) or the operator's URL.</param>
/// <param name="Privacy">Where the privacy policy is, the same way.</param>
public sealed record LegalView(string Version, int MinimumAge, string Terms, string Privacy)
{
    public const string TermsPath = "/api/v1/legal/terms";
    public const string PrivacyPath = "/api/v1/legal/privacy";

    public static LegalView From(LegalOptions legal) => new(
        legal.Version,
        legal.MinimumAge,
        LegalOptions.IsUrl(legal.Terms) ? legal.Terms : TermsPath,
        LegalOptions.IsUrl(legal.Privacy) ? legal.Privacy : PrivacyPath);
}
