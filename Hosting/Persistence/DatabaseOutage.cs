using System.Net.Sockets;
using Npgsql;
using Orleans.Serialization;

namespace Faucet.Persistence;

/// <summary>
/// Tells a failure caused by PostgreSQL being out of reach (down, restarting, refusing connections) from one caused by
/// the request. Such a failure says nothing about the request: the same call, sent again once the database is back,
/// works (every write takes an idempotency key or a nonce), so callers are told to retry and logs need not repeat it.
/// </summary>
public static class DatabaseOutage
{
    public static bool IsCause(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case PostgresException postgres when IsServerGoingAway(SqlStateOf(postgres)):
                    return true;
                case PostgresException:
                    // The server answered: the statement itself was refused.
                    return false;
                case NpgsqlException or SocketException:
                    // Npgsql's own exceptions (as opposed to the server's) are about the connection: refused, broken, timed out.
                    return true;
                case UnavailableExceptionFallbackException fallback when fallback.ExceptionType?.StartsWith("Npgsql.", StringComparison.Ordinal) == true:
                    // Across Orleans, an exception type the receiver cannot read arrives as its name and message only.
                    return fallback.ExceptionType != "Npgsql.PostgresException";
            }
        }
        return false;
    }

    /// <summary>Crossing Orleans, a server's error keeps its message ("57P01: terminating connection …") but not its
    /// fields.</summary>
    private static string? SqlStateOf(PostgresException postgres) =>
        postgres.SqlState ?? (postgres.Message is { Length: > 6 } message && message[5] == ':' ? message[..5] : null);

    /// <summary>Connection errors (class 08), the server shutting down or starting up (57P01–57P03) and no free
    /// connection (53300).</summary>
    private static bool IsServerGoingAway(string? sqlState) =>
        sqlState is not null && sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300";
}
