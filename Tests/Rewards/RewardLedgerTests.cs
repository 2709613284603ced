using Faucet.Money;
using Faucet.Rewards;

namespace Faucet.Tests.Rewards;

/// <summary>What entry a command makes on an account. What the entry then does to the balances is the journal's rule,
/// held by <see cref="RewardLedgerRuleTests"/>.</summary>
public sealed class RewardLedgerTests
{
    private static readonly BanAmount PerKill = BanAmount.Parse("2.1");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static RewardBalance Account(long killCursor, long lastEntryNo = 1) =>
        new(BanAmount.Zero, BanAmount.Zero, BanAmount.Zero, killCursor, lastEntryNo);

    [Fact]
    public void Only_kills_above_the_baseline_earn_and_a_count_that_did_not_grow_earns_nothing()
    {
        var baseline = RewardLedger.Plan(RewardLedger.Baseline(100), Account(0, 0), PerKill, Now);
        var kills = RewardLedger.Plan(RewardLedger.Kills(103), Account(100), PerKill, Now);
        var again = RewardLedger.Plan(RewardLedger.Kills(103), Account(103, 2), PerKill, Now);
        var lower = RewardLedger.Plan(RewardLedger.Kills(90), Account(103, 2), PerKill, Now);

        Assert.Equal((1L, BanAmount.Zero, 100L), (baseline!.EntryNo, baseline.Amount, baseline.Kills));
        Assert.Equal((2L, BanAmount.Parse("6.3"), 103L), (kills!.EntryNo, kills.Amount, kills.Kills));
        Assert.Null(again);
        Assert.Null(lower);
    }

    [Fact]
    public void A_baseline_at_or_below_the_cursor_makes_no_entry()
    {
        Assert.Null(RewardLedger.Plan(RewardLedger.Baseline(50), Account(50), PerKill, Now));
        Assert.Null(RewardLedger.Plan(RewardLedger.Baseline(40), Account(50), PerKill, Now));
    }

    [Fact]
    public void A_grant_of_nothing_is_refused()
    {
        Assert.Throws<RewardConflictException>(() => RewardLedger.Plan(RewardLedger.Grant("g", BanAmount.Zero), Account(0), PerKill, Now));
        Assert.Equal(BanAmount.Parse("0.5"), RewardLedger.Plan(RewardLedger.Grant("g", BanAmount.Parse("0.5")), Account(0), PerKill, Now)!.Amount);
    }

    [Fact]
    public void Kills_whose_reward_overflows_any_amount_of_ban_are_refused()
    {
        var command = RewardLedger.Kills(long.MaxValue);

        Assert.Throws<RewardConflictException>(() => RewardLedger.Plan(command, Account(0), BanAmount.FromRaw(UInt128.MaxValue / 2), Now));
    }

    [Fact]
    public void Every_kind_is_keyed_kind_colon_what_makes_it_one_of_a_kind()
    {
        Assert.Equal(
            ["baseline:7", "kills:9", "grant:manual:3", "clicks:42", "reserve:5", "commit:5", "release:5"],
            [RewardLedger.Baseline(7).IdempotencyKey, RewardLedger.Kills(9).IdempotencyKey, RewardLedger.Grant("manual:3", BanAmount.Parse("1")).IdempotencyKey,
             RewardEntryKeys.ClicksPrefix + 42, RewardEntryKeys.Reserve(5), RewardEntryKeys.Commit(5), RewardEntryKeys.Release(5)]);
    }
}
