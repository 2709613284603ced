using System.Globalization;

namespace Faucet.Tests.Simulation;

/// <summary>
/// The liveness rule for payouts: a pending payout gets a new attempt no later than <paramref name="bound"/> after its
/// backoff ends. Waits are measured on the system's clock, which grain timers run on: a payout whose next attempt is
/// a minute ahead of the faucet's clock is due a minute of real time later, even while the faucet's clock stands still
/// (a later jump of that clock only makes it due sooner). An attempt shows as its count going up, which the Payout grain
/// stores before it calls the node.
/// </summary>
public sealed class PayoutLiveness(TimeSpan bound)
{
    private readonly Dictionary<string, Watched> watched = new(StringComparer.Ordinal);

    /// <summary>The longest any payout waited past its backoff for its next attempt.</summary>
    public TimeSpan LongestWait { get; private set; }

    /// <summary>How many new attempts were timed.</summary>
    public int Timed { get; private set; }

    /// <summary>Takes in one payout as it stands: how many attempts it has had, and when its next one is due by the
    /// faucet's clock (<paramref name="faucetNow"/>). Breaks the rule if a payout has waited too long.</summary>
    public void Observe(string payoutId, bool pending, int attempts, DateTimeOffset? nextAttemptAt, DateTimeOffset faucetNow, DateTimeOffset realNow)
    {
        var dueBy = realNow + (nextAttemptAt is { } next && next > faucetNow ? next - faucetNow : TimeSpan.Zero);
        if (watched.TryGetValue(payoutId, out var seen))
        {
            if (attempts != seen.Attempts || !pending)
            {
                // A new attempt (or the end) came at some moment since the last look: at most this late.
                if (attempts != seen.Attempts)
                {
                    Timed++;
                    LongestWait = realNow - seen.DueBy > LongestWait ? realNow - seen.DueBy : LongestWait;
                }
                watched.Remove(payoutId);
            }
            else if (nextAttemptAt != seen.NextAttemptAt)
            {
                // The attempt in flight when last seen has ended and set the next one.
                watched[payoutId] = seen with { NextAttemptAt = nextAttemptAt, DueBy = dueBy };
                return;
            }
            else
            {
                var early = dueBy < seen.DueBy ? dueBy : seen.DueBy;
                watched[payoutId] = seen with { DueBy = early };
                if (realNow - early > bound)
                {
                    throw new AuditException(string.Create(CultureInfo.InvariantCulture,
                        $"payout {payoutId} has waited {(realNow - early).TotalSeconds:0.0}s past its backoff (attempt {attempts} failed, next at {nextAttemptAt:u}, faucet clock at {faucetNow:u}) without another attempt"));
                }
                return;
            }
        }
        if (pending)
        {
            watched[payoutId] = new Watched(attempts, nextAttemptAt, dueBy);
        }
    }

    /// <summary>The payouts still pending whose backoff ends later than <paramref name="within"/> from now, by the faucet's
    /// clock: the latest such next attempt, if any.</summary>
    public DateTimeOffset? LatestBeyond(DateTimeOffset faucetNow, TimeSpan within) =>
        watched.Values.Select(w => w.NextAttemptAt).Where(n => n > faucetNow + within).Max();

    private sealed record Watched(int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset DueBy);
}
