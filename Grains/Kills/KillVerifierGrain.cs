using Faucet.Audit;
using Faucet.Clicker;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Fortnite;
using Faucet.Rewards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Faucet.Telemetry;

namespace Faucet.Kills;

/// <summary>
/// One pass at a time, paced by a timer under both of the API's limits (<c>requests_per_second</c>, without bursts, and
/// <c>requests_per_minute</c>, as token buckets: one verifier for the whole cluster means one pace for it). A 429
/// pauses the pass for as long as the API says. A player's first answer with kills (for their current Epic account)
/// sets their baseline; later answers
/// accrue the kills above the cursor (the reward account ignores a count that did not grow, so a repeat pays nothing).
/// Private and unknown profiles are recorded with their reason and skipped.
/// </summary>
public sealed partial class KillVerifierGrain(
    IKillVerifications verifications,
    IFortniteStats fortnite,
    FortniteOptions options,
    IntegrationsOptions integrations,
    IAuditLog audit,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<KillVerifierGrain> logger) : Grain, IKillVerifierGrain, IRemindable
{
    private const string PassReminder = "kill-verify";

    private readonly Queue<KillCandidate> queue = new();
    private readonly Queue<DateTimeOffset> lastMinute = new();
    private TokenBucket perSecond = null!;
    private IGrainTimer? pacing;
    private DateTimeOffset? pausedUntil;
    private long visited;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // No bursts: one request per 1/requests_per_second, so no window of a second ever holds more than the limit.
        perSecond = new TokenBucket(1, options.RequestsPerSecond, now);
        return Task.CompletedTask;
    }

    public async Task EnsureScheduledAsync()
    {
        var every = TimeSpan.FromMinutes(options.VerifyEveryMinutes);
        await this.RegisterOrUpdateReminder(PassReminder, every, every);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunNowAsync();

    public async Task<int> RunNowAsync()
    {
        if (integrations.SimulatedWhereBanIsReal(options.Mode))
        {
            // Made-up kills never earn real BAN.
            LogSimulatedOff(logger);
            return 0;
        }
        if (queue.Count == 0)
        {
            foreach (var player in await verifications.DueAsync(options.RequestsPerMinute * options.VerifyEveryMinutes, time.GetUtcNow(), CancellationToken.None))
            {
                queue.Enqueue(player);
            }
        }
        // A tenth slower than the limit, so that timer jitter never squeezes one request too many into a second.
        pacing ??= this.RegisterGrainTimer(VisitNextAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromSeconds(1.1 / options.RequestsPerSecond)) { KeepAlive = true });
        return queue.Count;
    }

    public Task<KillVerifierView> GetAsync() => Task.FromResult(new KillVerifierView(queue.Count, pausedUntil, visited));

    private async Task VisitNextAsync(CancellationToken cancellationToken)
    {
        if (queue.Count == 0)
        {
            pacing?.Dispose();
            pacing = null;
            return;
        }
        var now = time.GetUtcNow();
        if (pausedUntil is { } until && now < until)
        {
            return;
        }
        pausedUntil = null;
        // The minute's limit counts the requests of the last sixty seconds, exactly.
        while (lastMinute.Count > 0 && now - lastMinute.Peek() >= TimeSpan.FromMinutes(1))
        {
            lastMinute.Dequeue();
        }
        if (lastMinute.Count >= options.RequestsPerMinute || !perSecond.TryTake(now, out _))
        {
            return;
        }
        lastMinute.Enqueue(now);

        var player = queue.Peek();
        using var activity = FaucetTracing.Source.StartActivity("kills.verify");
        activity?.SetTag("faucet.user", player.UserId);
        try
        {
            var answer = await fortnite.LifetimeKillsAsync(player.EpicId, cancellationToken);
            switch (answer.Kind)
            {
                case FortniteAnswerKind.RateLimited:
                    // The same player is asked again once the API allows it.
                    pausedUntil = now + (answer.RetryAfter ?? TimeSpan.FromMinutes(1));
                    await verifications.RecordAsync(player, now, "rate_limited", null, cancellationToken);
                    Verified(activity, "rate_limited");
                    LogPaused(logger, pausedUntil.Value);
                    return;
                case FortniteAnswerKind.Kills:
                    // The ban is read again at the visit: a pass takes minutes, and a ban made meanwhile holds.
                    if (!player.Banned && await verifications.IsBannedAsync(player.UserId, now, cancellationToken))
                    {
                        player = player with { Banned = true };
                    }
                    await AccrueAsync(player, answer.Kills!.Value, now);
                    await verifications.RecordAsync(player, now, "kills", answer.Kills, cancellationToken);
                    Verified(activity, "kills");
                    break;
                default:
                    var outcome = answer.Kind == FortniteAnswerKind.Private ? "private" : "unknown";
                    await verifications.RecordAsync(player, now, outcome, null, cancellationToken);
                    Verified(activity, outcome);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong with this player (the API, the reward account, the database), the pass moves on:
            // the next pass asks again.
            LogUnavailable(logger, player.UserId, e);
            activity.Fail(e);
            var outcome = e is FortniteUnavailableException ? "unavailable" : "error";
            Verified(activity, outcome);
            await RecordQuietlyAsync(player, now, outcome);
        }
        queue.Dequeue();
        visited++;
    }

    /// <summary>The first count with kills of this Epic account is the baseline (it moves the cursor up, never pays),
    /// and so is every count while the player is banned; otherwise the kills above the cursor earn. Kills faster than
    /// <c>abuse_heuristics.kill_rate_per_min</c> since the last count still earn, and flag the player for review.</summary>
    private async Task AccrueAsync(KillCandidate player, long lifetimeKills, DateTimeOffset now)
    {
        var account = GrainFactory.GetGrain<IRewardAccountGrain>(player.UserId);
        if (!player.HasBaseline || player.Banned)
        {
            await account.SetKillBaselineAsync(lifetimeKills);
            return;
        }
        await account.AccrueKillsAsync(lifetimeKills);

        var kills = lifetimeKills - player.LastKills!.Value;
        // Over at least a minute, so that two counts close together do not make a normal game look like a spike.
        var minutes = Math.Max(1, (now - player.LastKillsAt!.Value).TotalMinutes);
        var perMinute = kills / minutes;
        if (kills > 0 && perMinute > integrations.AbuseHeuristics.KillRatePerMin)
        {
            var detail = new { epicId = player.EpicId, kills, minutes = Math.Round(minutes, 1), perMinute = Math.Round(perMinute, 2), limit = integrations.AbuseHeuristics.KillRatePerMin };
            await verifications.FlagAsync(player.UserId, "kill_rate", detail, now, CancellationToken.None);
            await audit.RecordAsync("kill-verifier", "kills.rate_flagged", player.UserId, detail, CancellationToken.None);
            LogKillRate(logger, player.UserId, kills, minutes);
        }
    }

    private static void Verified(System.Diagnostics.Activity? activity, string outcome)
    {
        FaucetMetrics.KillVerified(outcome);
        activity?.SetTag("faucet.kills.outcome", outcome);
    }

    private async Task RecordQuietlyAsync(KillCandidate player, DateTimeOffset at, string outcome)
    {
        try
        {
            await verifications.RecordAsync(player, at, outcome, null, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnavailable(logger, player.UserId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Player {UserId} made {Kills} kills in {Minutes:0.#} minutes: flagged for review")]
    private static partial void LogKillRate(ILogger logger, string userId, long kills, double minutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Fortnite stats API asked for a pause; the kill verifier resumes at {Until}")]
    private static partial void LogPaused(ILogger logger, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fortnite.mode is simulated and dry_run is false: no kills are verified")]
    private static partial void LogSimulatedOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The kills of {UserId} could not be verified; the next pass tries again")]
    private static partial void LogUnavailable(ILogger logger, string userId, Exception exception);
}
