using System.Text.Json;

namespace Faucet.Cli;

/// <summary>
/// Follows the audit log for <c>audit tail --follow</c>: each poll reads the log newest first, a page at a time, back to
/// the newest entry the poll before the last one saw, and gives the entries not given yet, oldest first. Entry ids come
/// from a sequence, so an entry can be committed after one with a higher id; reading back over two polls gives such an
/// entry its turn, and a burst of more entries than a page between two polls is read whole.
/// </summary>
/// <param name="get">Reads an Api path (with its query) as JSON.</param>
public sealed class AuditFollower(Func<string, CancellationToken, Task<JsonElement>> get)
{
    /// <summary>The Api's largest page.</summary>
    private const int PageSize = 100;

    private readonly HashSet<long> given = [];
    private long floor;
    private long newestSeen;

    /// <summary>The entries already shown (the first page of the tail): they are not given again.</summary>
    public void Seen(IEnumerable<JsonElement> entries)
    {
        var ids = entries.Select(Id).ToList();
        given.UnionWith(ids);
        if (ids.Count > 0)
        {
            // Older entries were never shown, and whatever may still be committed below the oldest shown is looked for.
            floor = ids.Min() - 1;
            newestSeen = ids.Max();
        }
    }

    /// <summary>The entries committed since the last call (or since the entries seen), oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> NextAsync(CancellationToken cancellationToken)
    {
        // Marked as given only once the poll has read back all the way, so that a poll that fails can be made again.
        var fresh = new Dictionary<long, JsonElement>();
        var newest = newestSeen;
        string? cursor = null;
        do
        {
            var page = await get($"/api/v1/admin/audit?limit={PageSize}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), cancellationToken);
            var below = false;
            foreach (var entry in page.GetProperty("items").EnumerateArray())
            {
                var id = Id(entry);
                newest = Math.Max(newest, id);
                if (id <= floor)
                {
                    below = true;
                    break;
                }
                if (!given.Contains(id))
                {
                    fresh[id] = entry;
                }
            }
            cursor = !below && page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        given.UnionWith(fresh.Keys);
        // The next poll reads back to what this one found the log's newest entry to be when it began.
        floor = Math.Max(floor, newestSeen);
        newestSeen = newest;
        given.RemoveWhere(id => id <= floor);
        return [.. fresh.OrderBy(e => e.Key).Select(e => e.Value)];
    }

    private static long Id(JsonElement entry) => entry.GetProperty("id").GetInt64();
}
