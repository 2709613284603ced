using System.Collections.Concurrent;
using Faucet.Api.Hosting;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Password guessing is slowed per account and per client address: <see cref="PerAccount"/> failed sign-ins at one
/// e-mail and <see cref="PerAddress"/> from one address (its /64 for IPv6) in <see cref="Window"/>, counted in this Api
/// process. A failure is counted the same whether the e-mail has an account or not, so the limit says nothing about
/// which e-mails exist; only the right password is given back. Registering is no attempt at an account: it counts
/// against the address only, since its answer (409) says whether an e-mail is taken.
/// </summary>
public sealed class LoginThrottle
{
    public const int PerAccount = 10;
    public const int PerAddress = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);

    /// <summary>When each account or address was last reported as throttled, so that a flood of refused attempts is
    /// reported once a window, not once an attempt.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> reported = new(StringComparer.Ordinal);

    /// <summary>Counts a sign-in attempt before its password is checked (so parallel guesses cannot outrun the count);
    /// <see cref="Succeeded"/> gives it back. False (with when to come back) if the account or the address has used its
    /// own. <paramref name="report"/> names what was throttled ("account" or "address") the first time in a window that it
    /// is refused, for the audit log; otherwise null.</summary>
    public bool TryAttempt(string email, HttpContext context, DateTimeOffset now, out TimeSpan retryAfter, out string? report)
    {
        var address = AddressKey(context);
        var account = "account:" + email;
        report = null;
        string? refused = null;
        if (!TryTake(address, PerAddress, now, out retryAfter))
        {
            refused = address;
        }
        else if (!TryTake(account, PerAccount, now, out retryAfter))
        {
            GiveBack(address);
            refused = account;
        }
        if (refused is null)
        {
            return true;
        }
        if (!reported.TryGetValue(refused, out var last) || now - last >= Window)
        {
            reported[refused] = now;
            report = refused == address ? "address" : "account";
        }
        Prune(reported, at => now - at >= Window);
        return false;
    }

    /// <summary>The password was right: the attempt was no guess, and counts for nothing.</summary>
    public void Succeeded(string email, HttpContext context)
    {
        GiveBack(AddressKey(context));
        GiveBack("account:" + email);
    }

    /// <summary>Counts a registration against the client address only.</summary>
    public bool TryRegister(HttpContext context, DateTimeOffset now, out TimeSpan retryAfter) =>
        TryTake(AddressKey(context), PerAddress, now, out retryAfter);

    private static string AddressKey(HttpContext context) => "address:" + ClientRateLimits.ClientOf(context.Connection.RemoteIpAddress);

    private bool TryTake(string key, int limit, DateTimeOffset now, out TimeSpan retryAfter)
    {
        var tally = tallies.GetOrAdd(key, _ => new Tally(now));
        bool taken;
        lock (tally)
        {
            if (now - tally.Start >= Window)
            {
                (tally.Start, tally.Count) = (now, 0);
            }
            taken = tally.Count < limit;
            if (taken)
            {
                tally.Count++;
            }
            retryAfter = tally.Start + Window - now;
        }
        Prune(tallies, t => now - t.Start >= Window);
        return taken;
    }

    private void GiveBack(string key)
    {
        if (tallies.TryGetValue(key, out var tally))
        {
            lock (tally)
            {
                tally.Count = Math.Max(0, tally.Count - 1);
            }
        }
    }

    private static void Prune<T>(ConcurrentDictionary<string, T> entries, Func<T, bool> stale)
    {
        if (entries.Count > PruneAbove)
        {
            foreach (var key in entries.Where(e => stale(e.Value)).Select(e => e.Key).ToList())
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private sealed class Tally(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Count { get; set; }
    }
}
