using System.Globalization;
using Faucet.Api.Features.Account;
using Faucet.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/admin/audit", ReadAuditLogAsync)
            .WithTags("Audit (admin)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(OperatorAuthentication.ReadPolicy)
            .WithSummary("Operator or support: the audit log newest first, filtered by actor, action, subject, since and until (exact matches); pass nextCursor as cursor for the next page.");
        return endpoints;
    }

    private static async Task<Results<Ok<Page<AuditEntry>>, ProblemHttpResult>> ReadAuditLogAsync(
        string? actor, string? action, string? subject, string? since, string? until, string? cursor, string? limit,
        AuditQueries audit, CancellationToken cancellationToken)
    {
        if (!TryInstant(since, out var from) || !TryInstant(until, out var to))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid time",
                detail: "since and until are ISO 8601 instants with an offset, such as 2026-11-23T00:00:00Z.");
        }
        if (new[] { actor, action, subject }.Any(f => f is { Length: > 256 } || f?.Any(char.IsControl) == true))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid filter",
                detail: "actor, action and subject are up to 256 characters, without control characters.");
        }
        var (before, size, problem) = Pages.Numbered(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await audit.ReadAsync(Blank(actor), Blank(action), Blank(subject), from, to, before, size, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryInstant(string? text, out DateTimeOffset? instant)
    {
        instant = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Length > 40 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || !(text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return false;
        }
        instant = parsed.ToUniversalTime();
        return true;
    }
}
