using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Account;

/// <summary>One page of a list, newest first; <see cref="NextCursor"/> asks for the next (older) page, and is null
/// on the last one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Pages
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <param name="fetched">Up to one more item than <paramref name="limit"/>, which tells whether a next page exists.</param>
    public static Page<T> Of<T>(List<T> fetched, int limit, Func<T, string> cursorOf) =>
        fetched.Count > limit ? new Page<T>(fetched[..limit], cursorOf(fetched[limit - 1])) : new Page<T>(fetched, null);

    /// <summary>The <c>limit</c> query value: <paramref name="defaultLimit"/> when absent, null when it is not a whole
    /// number from 1 to <paramref name="maxLimit"/>.</summary>
    public static int? ParseLimit(string? limit, int defaultLimit, int maxLimit) =>
        limit is null ? defaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= maxLimit ? n
        : null;

    /// <summary>The bounds of a page of a list numbered newest first (entry or sequence numbers): the number to read below
    /// (null for the first page) and the page size, or the 400 that says which query value is wrong.</summary>
    public static (long? Before, int Limit, ProblemHttpResult? Problem) Numbered(string? cursor, string? limit)
    {
        long before = 0;
        if (cursor is not null && !(long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out before) && before > 0))
        {
            return (null, 0, BadCursor());
        }
        if (ParseLimit(limit, DefaultLimit, MaxLimit) is not { } size)
        {
            return (null, 0, BadLimit(DefaultLimit, MaxLimit));
        }
        return (cursor is null ? null : before, size, null);
    }

    /// <summary>The bounds of a page of a list ordered newest first by time and id: the <see cref="KeysetCursor"/> to
    /// read below (null for the first page) and the page size, or the 400 that says which query value is wrong.</summary>
    public static (KeysetCursor? Before, int Limit, ProblemHttpResult? Problem) Keyset(string? cursor, string? limit)
    {
        KeysetCursor? before = null;
        if (cursor is not null && !KeysetCursor.TryParse(cursor, out before))
        {
            return (null, 0, BadCursor());
        }
        if (ParseLimit(limit, DefaultLimit, MaxLimit) is not { } size)
        {
            return (null, 0, BadLimit(DefaultLimit, MaxLimit));
        }
        return (before, size, null);
    }

    public static ProblemHttpResult BadCursor() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor",
        detail: "cursor must be the nextCursor of a previous page of this list, unchanged.");

    public static ProblemHttpResult BadLimit(int defaultLimit, int maxLimit) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit",
        detail: $"limit is a whole number from 1 to {maxLimit} (default {defaultLimit}).");
}
