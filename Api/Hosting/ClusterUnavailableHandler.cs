using Faucet.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace Faucet.Api.Hosting;

/// <summary>
/// A call that failed because the cluster is changing under it — a silo died and the others have not yet noticed, a
/// gateway went away, a call timed out — or because PostgreSQL is out of reach (down, restarting) is a 503 with
/// <c>Retry-After</c>, not a 500: nothing about the request was wrong, and repeating it (every write takes an
/// idempotency key or a nonce) is safe and soon works. A database failure reaches the Api from its own queries, or
/// from a grain as the Npgsql exception itself or inside the one that wraps it (the click log's, Orleans' storage's).
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        string detail;
        if (DatabaseOutage.IsCause(exception))
        {
            // With the exception, so the log writes one line per interval for all of them (OutageLogThrottle).
            LogDatabaseUnavailable(logger, exception);
            detail = $"The database is out of reach for a moment; send the same request again in {RetryAfterSeconds} seconds.";
        }
        else if (IsClusterChanging(exception))
        {
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
            detail = $"The cluster is moving work between its servers; send the same request again in {RetryAfterSeconds} seconds.";
        }
        else
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Briefly unavailable",
                Detail = detail,
            },
        });
    }

    private static bool IsClusterChanging(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is OrleansMessageRejectionException or SiloUnavailableException or GatewayTooBusyException or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the cluster did not take the call ({Kind}: {Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requests answered 503: the database is out of reach")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}
