using Faucet.Players;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Account;

/// <summary>The player's Epic account as Yunite last reported it, and whether payouts may flow.</summary>
/// <param name="Status">linked, not_linked, not_found, or unchecked (never signed in with Discord, or Yunite could not
/// be asked yet).</param>
/// <param name="Reason">Why payouts are held back, if they are.</param>
public sealed record EpicView(string Status, string? EpicName, bool Eligible, DateTimeOffset? CheckedAt, string? Reason)
{
    public static EpicView Of(EpicLink? link) => link switch
    {
        null => new EpicView("unchecked", null, true, null, null),
        { Status: EpicLinkStatus.Linked } => new EpicView("linked", link.EpicName, true, link.CheckedAt, null),
        { Status: EpicLinkStatus.NotLinked } => new EpicView("not_linked", null, false, link.CheckedAt,
            "Your Discord account is not linked to an Epic account in the server's Yunite: link it there, then POST /api/v1/me/reverify."),
        _ => new EpicView("not_found", null, false, link.CheckedAt,
            "Yunite does not know your Discord account: register with Yunite in the Discord server, then POST /api/v1/me/reverify."),
    };

    /// <summary>Yunite could not say: nothing changed, and the player or admin may try again.</summary>
    public static ProblemHttpResult YuniteUnavailable(EpicLinkRefresh refresh) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Yunite unavailable",
            detail: refresh.Problem + " Nothing changed; try again later.");
}
