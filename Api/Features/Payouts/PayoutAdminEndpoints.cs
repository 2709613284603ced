using System.Globalization;
using System.Security.Claims;
using Faucet.Api.Features.Account;
using Faucet.Api.Features.Players;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Money;
using Faucet.Payouts;
using Faucet.Players;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Payouts;

/// <summary>
/// Operators list payouts, retry a pending one, and pay a player by hand. A manual payout above
/// <c>operator.manual_payout_approval_ban</c> waits until a second admin approves it; at or below it, the requesting
/// admin's word is enough. Every action is audited.
/// </summary>
public static class PayoutAdminEndpoints
{
    private static readonly string[] Statuses = ["pending", "sent", "failed", "dry_run"];
    private static readonly string[] RequestStatuses = [ManualPayoutRequest.AwaitingApproval, ManualPayoutRequest.Approved, ManualPayoutRequest.Rejected];

    public static IEndpointRouteBuilder MapPayoutAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var payouts = endpoints.MapGroup("/api/v1/admin/payouts").WithTags("Payouts (admin)").RequireAuthorization(OperatorAuthentication.ReadPolicy);

        payouts.MapGet("", ListPayoutsAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Payouts newest first, by status (pending, sent, failed, dry_run) and user; pass nextCursor as cursor for the next page.");

        payouts.MapPost("/{id}/retry", RetryPayoutAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Attempts a pending payout now; a sent one answers already_sent with its block and sends nothing.");

        payouts.MapPost("", RequestManualPayoutAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .AcceptsJson<ManualPayoutBody>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Pays a player by hand: {\"userId\": \"…\", \"amountBan\": \"12.5\", \"reason\": \"…\"} with an Idempotency-Key header. While the player's manual payouts of the last 24 hours stay within the approval threshold it is paid at once (201); beyond it, it waits for a second admin (202). The same key again answers the same request: 200 once it is paid, 202 while it still waits. A request still waiting counts toward the threshold.");

        payouts.MapGet("/manual", ListManualPayoutsAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Manual payout requests newest first, by status (awaiting_approval, approved, rejected).");

        payouts.MapPost("/manual/{number:long}/approve", ApproveManualPayoutAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A second admin approves a manual payout, which is then paid. The admin who asked for it cannot approve it.");

        payouts.MapPost("/manual/{number:long}/reject", RejectManualPayoutAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Rejects a manual payout that waits for approval; nothing is paid.");

        return endpoints;
    }

    private static async Task<Results<Ok<Page<PayoutItem>>, ProblemHttpResult>> ListPayoutsAsync(
        string? status, string? user, string? cursor, string? limit, PlayerQueries queries, CancellationToken cancellationToken)
    {
        if (status is { Length: > 0 } && !Statuses.Contains(status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid status",
                detail: $"status is one of {string.Join(", ", Statuses)}.");
        }
        var player = default(UserId);
        if (user is { Length: > 0 } && !UserId.TryParse(user, out player))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid user", detail: "user is a user id (a 26-character ULID).");
        }
        var (before, size, problem) = Pages.Keyset(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.PayoutsAsync(string.IsNullOrEmpty(user) ? null : player.Value, Blank(status), before, size, cancellationToken));
    }

    private static async Task<Results<Ok<PayoutRetryResult>, ProblemHttpResult>> RetryPayoutAsync(
        string id, IClusterClient cluster, ClaimsPrincipal user)
    {
        var retry = await cluster.GetGrain<IPayoutGrain>(id).RetryAsync(AdminUserEndpoints.ActorOf(user));
        return retry.Decision switch
        {
            PayoutRetryDecision.NoSuchPayout => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such payout", detail: $"No payout has the id '{id}'."),
            PayoutRetryDecision.Final => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The payout is final",
                detail: $"Payout '{id}' is {retry.Payout!.Status}: its amount is pending for the player again and a later round pays it."),
            _ => TypedResults.Ok(new PayoutRetryResult(retry.Decision == PayoutRetryDecision.Attempted ? "attempted" : "already_sent", retry.Payout!)),
        };
    }

    private static async Task<Results<Created<ManualPayoutAnswer>, Accepted<ManualPayoutAnswer>, Ok<ManualPayoutAnswer>, ProblemHttpResult>> RequestManualPayoutAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (IdempotencyKeys.Of(context.Request) is not { } key)
        {
            return IdempotencyKeys.Required("payout");
        }
        var (body, problem) = await json.ReadAsync<ManualPayoutBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (!BanAmount.TryParse(body!.AmountBan, out var amount, out var amountError) || amount == BanAmount.Zero)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid amount",
                detail: body.AmountBan is null ? "amountBan is required: the BAN to pay, as a decimal string such as \"12.5\"."
                    : amount == BanAmount.Zero && string.IsNullOrEmpty(amountError) ? "amountBan must be more than 0." : $"amountBan: {amountError}.");
        }
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > ManualPayoutRequest.MaxReasonLength || reason.Any(char.IsControl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid reason",
                detail: $"reason is required: 1 to {ManualPayoutRequest.MaxReasonLength} characters without control characters, saying why.");
        }
        if (!UserId.TryParse(body.UserId, out var user))
        {
            return AdminUserEndpoints.NoSuchPlayer(body.UserId ?? "");
        }
        var outcome = await cluster.GetGrain<IManualPayoutDeskGrain>(0).RequestAsync(new ManualPayoutAsk(key, user.Value, amount, reason, AdminUserEndpoints.ActorOf(principal)));
        var location = $"/api/v1/admin/payouts/manual/{outcome.Request?.Number}";
        return outcome.Decision switch
        {
            ManualPayoutDecision.NoSuchPlayer => AdminUserEndpoints.NoSuchPlayer(body.UserId ?? ""),
            ManualPayoutDecision.NoWallet => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No wallet",
                detail: "The player has not linked a wallet, so there is nowhere to pay."),
            ManualPayoutDecision.PlayerBanned => Banned(),
            ManualPayoutDecision.KeyReused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                detail: $"This Idempotency-Key was used for manual payout {outcome.Request!.Number}, which asked for something else."),
            ManualPayoutDecision.AwaitingApproval => TypedResults.Accepted(location, ManualPayoutAnswer.Of(outcome)),
            _ when outcome.Created => TypedResults.Created(location, ManualPayoutAnswer.Of(outcome)),
            _ => TypedResults.Ok(ManualPayoutAnswer.Of(outcome)),
        };
    }

    private static async Task<Results<Ok<Page<ManualPayoutRequest>>, ProblemHttpResult>> ListManualPayoutsAsync(
        string? status, string? cursor, string? limit, IClusterClient cluster)
    {
        if (status is { Length: > 0 } && !RequestStatuses.Contains(status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid status",
                detail: $"status is one of {string.Join(", ", RequestStatuses)}.");
        }
        var (before, size, problem) = Pages.Numbered(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        var page = await cluster.GetGrain<IManualPayoutDeskGrain>(0).ListAsync(Blank(status), before, size + 1);
        return TypedResults.Ok(Pages.Of(page.ToList(), size, last => last.Number.ToString(CultureInfo.InvariantCulture)));
    }

    private static Task<Results<Ok<ManualPayoutAnswer>, ProblemHttpResult>> ApproveManualPayoutAsync(long number, IClusterClient cluster, ClaimsPrincipal principal) =>
        DecideAsync(number, approve: true, cluster, principal);

    private static Task<Results<Ok<ManualPayoutAnswer>, ProblemHttpResult>> RejectManualPayoutAsync(long number, IClusterClient cluster, ClaimsPrincipal principal) =>
        DecideAsync(number, approve: false, cluster, principal);

    private static async Task<Results<Ok<ManualPayoutAnswer>, ProblemHttpResult>> DecideAsync(
        long number, bool approve, IClusterClient cluster, ClaimsPrincipal principal)
    {
        var actor = AdminUserEndpoints.ActorOf(principal);
        var grain = cluster.GetGrain<IManualPayoutGrain>(number);
        var outcome = approve ? await grain.ApproveAsync(actor) : await grain.RejectAsync(actor);
        switch (outcome.Decision)
        {
            case ManualPayoutDecision.NoSuchRequest:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such request", detail: $"No manual payout request has the number {number}.");
            case ManualPayoutDecision.SameAdmin:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A second admin must approve",
                    detail: "The admin who asked for a manual payout cannot approve it; another admin must.");
            case ManualPayoutDecision.AlreadyRejected when approve:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already rejected", detail: $"Manual payout {number} was rejected by {outcome.Request!.DecidedBy}.");
            case ManualPayoutDecision.AlreadyApproved:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already approved", detail: $"Manual payout {number} was approved by {outcome.Request!.DecidedBy} and cannot be rejected.");
            case ManualPayoutDecision.PlayerBanned:
                return Banned();
        }
        return TypedResults.Ok(ManualPayoutAnswer.Of(outcome));
    }

    private static ProblemHttpResult Banned() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Player banned",
        detail: "The player is banned and is paid nothing while the ban lasts: lift the ban first if this payout is meant.");

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public sealed record ManualPayoutBody(string? UserId, string? AmountBan, string? Reason);
}
