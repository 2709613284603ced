using Faucet.Money;
using Faucet.Rewards;

namespace Faucet.Tests.Rewards;

public sealed class RewardLedgerTests
{
    private static readonly BanAmount PerKill = BanAmount.Parse("2.1");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static RewardEntry? Run(RewardLedger ledger, RewardCommand command)
    {
        var entry = ledger.Plan(command, PerKill, Now);
        if (entry is not null)
        {
            ledger.Apply(entry);
        }
        return entry;
    }

    [Fact]
    public void Only_kills_above_the_baseline_earn_and_a_count_that_did_not_grow_earns_nothing()
    {
        var ledger = new RewardLedger(new RewardAccountState());

        Run(ledger, RewardLedger.Baseline(100));
        var kills = Run(ledger, RewardLedger.Kills(103));
        var again = Run(ledger, RewardLedger.Kills(103));
        var lower = Run(ledger, RewardLedger.Kills(90));

        Assert.Equal(BanAmount.Parse("6.3"), kills!.Amount);
        Assert.Null(again);
        Assert.Null(lower);
        Assert.Equal(BanAmount.Parse("6.3"), ledger.Balance().Pending);
        Assert.Equal(103, ledger.Balance().KillCursor);
    }

    [Fact]
    public void A_round_reserves_then_commits_or_releases_what_it_reserved()
    {
        var ledger = new RewardLedger(new RewardAccountState());
        Run(ledger, RewardLedger.Clicks("c1", BanAmount.Parse("10")));

        Run(ledger, RewardLedger.Reserve(1, BanAmount.Parse("4")));
        Assert.Equal((BanAmount.Parse("6"), BanAmount.Parse("4")), (ledger.Balance().Pending, ledger.Balance().Reserved));
        Run(ledger, RewardLedger.Commit(1));
        Run(ledger, RewardLedger.Reserve(2, BanAmount.Parse("6")));
        Run(ledger, RewardLedger.Release(2));

        var balance = ledger.Balance();
        Assert.Equal((BanAmount.Parse("6"), BanAmount.Zero, BanAmount.Parse("4")), (balance.Pending, balance.Reserved, balance.Paid));
    }

    [Theory]
    [InlineData("more than pending")]
    [InlineData("twice for one round")]
    [InlineData("commit without reserve")]
    [InlineData("release after commit")]
    [InlineData("zero click")]
    public void Impossible_commands_are_refused_and_change_nothing(string which)
    {
        var ledger = new RewardLedger(new RewardAccountState());
        Run(ledger, RewardLedger.Clicks("c1", BanAmount.Parse("5")));
        Run(ledger, RewardLedger.Reserve(1, BanAmount.Parse("2")));
        Run(ledger, RewardLedger.Commit(1));
        var before = ledger.Balance();

        RewardCommand command = which switch
        {
            "more than pending" => RewardLedger.Reserve(2, BanAmount.Parse("3.000000001")),
            "twice for one round" => RewardLedger.Reserve(1, BanAmount.Parse("1")),
            "commit without reserve" => RewardLedger.Commit(7),
            "release after commit" => RewardLedger.Release(1),
            _ => RewardLedger.Clicks("c2", BanAmount.Zero),
        };
        if (which == "twice for one round")
        {
            Run(ledger, RewardLedger.Reserve(2, BanAmount.Parse("1")));
            before = ledger.Balance();
            command = RewardLedger.Reserve(2, BanAmount.Parse("1"));
        }

        Assert.Throws<RewardConflictException>(() => ledger.Plan(command, PerKill, Now));
        Assert.Equal(before, ledger.Balance());
    }

    /// <summary>Random commands, some refused: replaying the entries that were made rebuilds the account exactly,
    /// and no BAN appears or disappears (pending + reserved + paid = everything accrued).</summary>
    [Fact]
    public void Replaying_the_journal_rebuilds_the_account_and_conserves_every_raw()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var live = new RewardLedger(new RewardAccountState());
            var journal = new List<RewardEntry>();
            UInt128 accrued = 0;
            long kills = 0, round = 0;
            var open = new List<long>();
            for (var step = 0; step < 200; step++)
            {
                RewardCommand command = random.Next(6) switch
                {
                    0 => RewardLedger.Kills(kills += random.Next(-2, 5)),
                    1 => RewardLedger.Clicks($"c{step}", BanAmount.FromRaw((UInt128)random.NextInt64(1, 1_000_000_000_000))),
                    2 => RewardLedger.Reserve(++round, BanAmount.FromRaw((UInt128)random.NextInt64(1, long.MaxValue) * 1000)),
                    3 when open.Count > 0 => RewardLedger.Commit(open[random.Next(open.Count)]),
                    4 when open.Count > 0 => RewardLedger.Release(open[random.Next(open.Count)]),
                    _ => RewardLedger.Baseline(kills + random.Next(0, 3)),
                };
                RewardEntry? entry;
                try
                {
                    entry = Run(live, command);
                }
                catch (RewardConflictException)
                {
                    continue;
                }
                if (entry is null)
                {
                    continue;
                }
                journal.Add(entry);
                if (entry.Kind is RewardEntryKind.Kills or RewardEntryKind.Clicks)
                {
                    accrued += entry.Amount.Raw;
                }
                if (entry.Kind == RewardEntryKind.Reserve)
                {
                    open.Add(entry.Round!.Value);
                }
                if (entry.Kind is RewardEntryKind.Commit or RewardEntryKind.Release)
                {
                    open.Remove(entry.Round!.Value);
                }

                var balance = live.Balance();
                Assert.Equal(accrued, balance.Pending.Raw + balance.Reserved.Raw + balance.Paid.Raw);
            }

            var replayed = new RewardLedger(new RewardAccountState());
            foreach (var entry in journal)
            {
                replayed.Apply(entry);
            }
            Assert.Equal(live.Balance(), replayed.Balance());
            Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.EntryNo));
        }
    }
}
