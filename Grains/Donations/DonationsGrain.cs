using Faucet.Boosts;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Banano;
using Faucet.Money;
using Faucet.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.Donations;

/// <summary>
/// Watches the donation address on a timer of its own that interleaves with calls, so a node that is slow or down
/// holds up only the next look at it: answers (the board, the milestone an accrual earns under) are served from what
/// the grain holds, and each batch of new donations is recorded in a turn of its own, never in the middle of one.
/// </summary>
public sealed partial class DonationsGrain(
    IDonationStore store,
    IBananoNode node,
    IntegrationsOptions integrations,
    PayoutOptions payout,
    BoostSchedule boosts,
    Audit.IAuditLog audit,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<DonationsGrain> logger) : Grain, IDonationsGrain, IDonationRecorder, IRemindable
{
    private const string WatchReminder = "donations-watch";

    /// <summary>The latest blocks of the address's history, and the receivable transfers, asked of the node at each
    /// look: a receive pushed out of that many blocks before a look succeeds is not seen.</summary>
    private const int TransfersPerLook = 500;

    private const int BoardRows = 10;

    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(1);

    private readonly List<Donation> donations = [];
    private readonly HashSet<string> recorded = new(StringComparer.Ordinal);
    private IGrainTimer? watch;

    /// <summary>The latest moment a milestone was answered for: a donation recorded after is dated after it.</summary>
    private DateTimeOffset answeredThrough = DateTimeOffset.MinValue;

    private DateTimeOffset? checkedAt;
    private DateTimeOffset? failingSince;

    private BananoOptions Banano => integrations.Banano;

    private bool Watching => Banano.DonationAddress.Length > 0;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Keep(await store.LoadAsync(cancellationToken));
        // Another activation may have answered for moments up to its own clock's now: leave a margin for the clocks.
        answeredThrough = time.GetUtcNow() + ClockMargin;
        StartWatch();
    }

    public async Task EnsureWatchingAsync()
    {
        if (Watching && await this.GetReminder(WatchReminder) is null)
        {
            await this.RegisterOrUpdateReminder(WatchReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        StartWatch();
        return Task.CompletedTask;
    }

    public Task<BoostInForce?> GetMilestoneBoostAsync(DateTimeOffset at)
    {
        if (at > answeredThrough)
        {
            answeredThrough = at;
        }
        var week = CapWindows.At(at, payout.ResetTimeZone);
        UInt128 donated = 0;
        // Kept in the order they were found: the week's donations are the last ones.
        for (var i = donations.Count - 1; i >= 0 && donations[i].FoundAt >= week.WeekStart; i--)
        {
            if (donations[i].FoundAt <= at)
            {
                donated += donations[i].Amount.Raw;
            }
        }
        var reached = boosts.MilestoneReached(BanAmount.FromRaw(donated));
        return Task.FromResult(reached is (var index, var milestone) ? new BoostInForce(BoostSchedule.MilestoneName(index), milestone.Multiplier) : null);
    }

    public Task<DonationBoard> GetBoardAsync()
    {
        var now = time.GetUtcNow();
        var week = CapWindows.At(now, payout.ResetTimeZone);
        var thisWeek = donations.Where(d => d.FoundAt >= week.WeekStart && d.FoundAt <= now).ToList();
        var weekTotal = Sum(thisWeek);
        var reached = boosts.MilestoneReached(weekTotal);
        return Task.FromResult(new DonationBoard(
            Banano.DonationAddress,
            week.WeekStart,
            week.WeekEnd,
            weekTotal,
            Sum(donations),
            Donors(thisWeek),
            Donors(donations),
            [.. donations.AsEnumerable().Reverse().Take(BoardRows)],
            reached is (var index, var milestone) ? View(index, milestone) : null,
            boosts.NextMilestone(weekTotal) is (var nextIndex, var next) ? View(nextIndex, next) : null,
            checkedAt,
            failingSince));
    }

    public async Task<int> RecordAsync(IReadOnlyList<Donation> found)
    {
        // Dated after every moment a milestone was answered for, to the microsecond the table keeps: an accrual that
        // was told no milestone was reached is never contradicted by a donation dated before it.
        var now = time.GetUtcNow();
        var after = (answeredThrough > now ? answeredThrough : now) + Microsecond;
        var foundAt = new DateTimeOffset(after.UtcTicks - after.UtcTicks % 10, TimeSpan.Zero);
        var fresh = found.Where(d => !recorded.Contains(d.SendBlock)).DistinctBy(d => d.SendBlock).Select(d => d with { FoundAt = foundAt }).ToList();
        // The store answers with every one of them as the table has it: one recorded before whose answer was lost comes
        // back with the date it was recorded with, and joins the rest here.
        var stored = await store.RecordAsync(Banano.DonationAddress, fresh, CancellationToken.None);
        foreach (var donation in stored.Where(d => d.FoundAt == foundAt))
        {
            LogDonation(logger, donation.Amount, donation.From, donation.SendBlock);
        }
        Keep(stored);
        return stored.Count(d => d.FoundAt == foundAt);
    }

    /// <summary>Adds donations not held yet, keeping the list in the order they were found.</summary>
    private void Keep(IEnumerable<Donation> stored)
    {
        var before = donations.Count;
        donations.AddRange(stored.Where(d => recorded.Add(d.SendBlock)));
        if (donations.Count > before && before > 0 && donations[before].FoundAt < donations[before - 1].FoundAt)
        {
            donations.Sort((a, b) => a.FoundAt.CompareTo(b.FoundAt));
        }
    }

    private void StartWatch()
    {
        if (Watching)
        {
            watch ??= this.RegisterGrainTimer(Task (CancellationToken token) => LookAsync(token), new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromSeconds(Banano.DonationCheckSeconds))
            {
                Interleave = true,
                KeepAlive = true,
            });
        }
    }

    public async Task<DonationLook> LookNowAsync(string actor)
    {
        var look = Watching ? await LookAsync(CancellationToken.None) : new DonationLook(NodeAnswered: false, Recorded: 0);
        await audit.RecordAsync(actor, "donations.look", Banano.DonationAddress, look, CancellationToken.None);
        return look;
    }

    private async Task<DonationLook> LookAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IncomingTransfer> transfers;
        try
        {
            transfers = await node.GetIncomingAsync(BananoAddress.Parse(Banano.DonationAddress), TransfersPerLook, cancellationToken);
        }
        catch (BananoNodeException e)
        {
            if (failingSince is null)
            {
                failingSince = time.GetUtcNow();
                LogNodeFailing(logger, e);
            }
            return new DonationLook(NodeAnswered: false, Recorded: 0);
        }
        (checkedAt, failingSince) = (time.GetUtcNow(), null);

        // The faucet's own accounts moving BAN between them give nothing.
        var found = transfers
            .Where(t => !recorded.Contains(t.SendBlock.Value) && !Banano.PayingAccounts.Contains(t.From))
            .Select(t => new Donation(t.SendBlock.Value, t.From.Value, t.Amount, t.At, default))
            .ToList();
        return new DonationLook(NodeAnswered: true, found.Count > 0 ? await this.AsReference<IDonationRecorder>().RecordAsync(found) : 0);
    }

    private static BanAmount Sum(IEnumerable<Donation> of) => BanAmount.FromRaw(of.Aggregate(UInt128.Zero, (sum, d) => sum + d.Amount.Raw));

    private static List<DonorTotal> Donors(IEnumerable<Donation> of) =>
    [
        .. of.GroupBy(d => d.From, StringComparer.Ordinal)
            .Select(g => new DonorTotal(g.Key, Sum(g), g.Count()))
            .OrderByDescending(d => d.Amount)
            .ThenBy(d => d.From, StringComparer.Ordinal)
            .Take(BoardRows),
    ];

    private static DonationMilestone View(int index, DonationMilestoneOptions milestone) =>
        new(BoostSchedule.MilestoneName(index), milestone.Ban, milestone.Multiplier);

    [LoggerMessage(Level = LogLevel.Information, Message = "Donation of {Amount} BAN from {From} recorded (send block {SendBlock})")]
    private static partial void LogDonation(ILogger logger, BanAmount amount, string from, string sendBlock);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The node does not answer for the donation address; the donors board waits until it does")]
    private static partial void LogNodeFailing(ILogger logger, Exception exception);
}
