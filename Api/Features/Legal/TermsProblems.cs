using Faucet.Players;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Legal;

/// <summary>The answer to a payment refused for want of the player's acceptance: what to accept, and where.</summary>
public static class TermsProblems
{
    public static ProblemHttpResult NotAccepted(TermsStanding terms, string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Terms not accepted",
            detail: $"Before {what}, accept the terms of service and privacy policy version {terms.Version} and confirm you are at least "
                + $"{terms.MinimumAge}: POST /api/v1/me/terms {{\"version\": \"{terms.Version}\", \"ageConfirmed\": true}}. "
                + "The texts are at GET /api/v1/config/product (legal). Nothing was charged.",
            extensions: new Dictionary<string, object?>
            {
                ["termsVersion"] = terms.Version,
                ["minimumAge"] = terms.MinimumAge,
                ["acceptedVersion"] = terms.Accepted?.Version,
            });
}
