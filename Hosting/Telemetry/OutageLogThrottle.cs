using Microsoft.Extensions.Logging;

namespace Faucet.Telemetry;

/// <summary>
/// While the database is away every request fails the same few ways, each in several places (the store, Orleans'
/// storage and activation, the grain, the Api), and a line with its stack per failure buried the log at megabytes a
/// second. So an entry caused by an outage is written once per kind (category and event) per interval: the first
/// with its exception in full, the next after the interval with how many were left out since.
/// </summary>
public sealed class OutageLogThrottle(TimeProvider time, TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<(string Category, int Id, string? Name), Kind> kinds = [];
    private readonly Lock gate = new();

    /// <summary>Whether to write an entry of this kind now; <paramref name="first"/> when none was seen for an interval
    /// (so its exception is worth writing out), else <paramref name="skipped"/> says how many were left out since the last.</summary>
    public bool TryAdmit(string category, EventId eventId, out bool first, out long skipped)
    {
        var now = time.GetUtcNow();
        var key = (category, eventId.Id, eventId.Name);
        lock (gate)
        {
            if (!kinds.TryGetValue(key, out var kind) || now - kind.LastSeen > interval)
            {
                kinds[key] = new Kind { WrittenAt = now, LastSeen = now };
                (first, skipped) = (true, 0);
                return true;
            }
            kind.LastSeen = now;
            first = false;
            if (now - kind.WrittenAt < interval)
            {
                kind.Skipped++;
                skipped = 0;
                return false;
            }
            (skipped, kind.Skipped, kind.WrittenAt) = (kind.Skipped, 0, now);
            return true;
        }
    }

    private sealed class Kind
    {
        public DateTimeOffset WrittenAt { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public long Skipped { get; set; }
    }
}
