using Faucet.Money;
using Faucet.Rewards;
using Faucet.Silo.Schema;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Faucet.Tests.Rewards;

/// <summary>Click accrual straight against the reward journal in PostgreSQL, with writers racing for the same
/// account's entry numbers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClickJournalTests(PostgresFixture postgres)
{
    private const string User = "01JCLICKJOURNAL0000000000A";

    private static async Task<NpgsqlDataSource> DatabaseAsync(PostgresServer server)
    {
        var database = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await new SchemaMigrator(database, new SchemaScripts(RepositoryRoot.Combine("deploy", "sql")), NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
        return database;
    }

    private static async Task ClickedAsync(NpgsqlDataSource database, int clicks, string user = User)
    {
        // Every third click refused; accepted ones earn 1, 2, 3 … raw, so any double count shows in the sum.
        await using var insert = database.CreateCommand("""
            INSERT INTO click_events (user_id, seq, client_nonce, clicked_at, outcome, reward_raw)
            SELECT @user, s, 'n' || s, now(), CASE WHEN s % 3 = 0 THEN 'rate_limited' ELSE 'accepted' END, CASE WHEN s % 3 = 0 THEN 0 ELSE s END
              FROM generate_series(1, @clicks) s
            """);
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("clicks", clicks);
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<decimal> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToDecimal(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("1.01")]
    [InlineData("1.5")]
    [InlineData("2.75")]
    [InlineData("9.99")]
    [InlineData("10")]
    public async Task A_boosted_click_run_and_a_boosted_kill_entry_come_to_what_the_boost_rule_makes_of_them_to_the_raw(string multiplier)
    {
        await using var database = await DatabaseAsync(postgres.Server);
        var journal = new PostgresRewardJournal(database);
        var boost = new Faucet.Boosts.BoostInForce("Odd", decimal.Parse(multiplier, System.Globalization.CultureInfo.InvariantCulture));
        // Click rewards that no multiplier of two decimals divides evenly: 1, 2, 4, 5, 7 and 8 raw, the last made larger.
        await ClickedAsync(database, 8);
        await using (var big = database.CreateCommand($"UPDATE click_events SET reward_raw = reward_raw + 123456789012345678901234567 WHERE user_id = '{User}' AND seq = 8"))
        {
            await big.ExecuteNonQueryAsync();
        }
        var unboostedClicks = BanAmount.FromRaw((UInt128)await ScalarAsync(database, $"SELECT sum(reward_raw) FROM click_events WHERE user_id = '{User}' AND outcome = 'accepted'"));

        var clicks = (await journal.AppendClicksAsync(User, 8, DateTimeOffset.UtcNow, boost)).Accrual.Entry!;
        var balance = await journal.ReadBalanceAsync(User, CancellationToken.None);
        var kills = RewardLedger.Plan(RewardLedger.Kills(7), balance, BanAmount.Parse("2.123456789"), DateTimeOffset.UtcNow, boost)!;
        var appended = await journal.AppendAsync(User, kills, CancellationToken.None);

        Faucet.Boosts.BoostSchedule.Apply(boost, unboostedClicks, out var clicksByRule);
        Assert.Equal((clicksByRule, new RewardBoost("Odd", boost.Multiplier, unboostedClicks)), (clicks.Amount, clicks.Boost));
        Assert.Equal(JournalAppendOutcome.Appended, appended.Outcome);
        Faucet.Boosts.BoostSchedule.Apply(boost, BanAmount.Parse("14.864197523"), out var killsByRule);
        Assert.Equal(killsByRule, kills.Amount);
        Assert.Equal(clicksByRule.Raw + killsByRule.Raw, appended.Balance.Pending.Raw);
    }

    [Fact]
    public async Task Racing_accruals_and_other_appends_accrue_every_accepted_click_once_and_keep_entry_numbers_gapless()
    {
        await using var database = await DatabaseAsync(postgres.Server);
        await ClickedAsync(database, 300);
        var journal = new PostgresRewardJournal(database);

        // Accruals up to different clicks, and another writer appending kills entries at the next number, all at once.
        var accruals = Enumerable.Range(1, 12).Select(i => Task.Run(() => journal.AppendClicksAsync(User, i * 25, DateTimeOffset.UtcNow, null)));
        var others = Enumerable.Range(1, 12).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var next = (long)await ScalarAsync(database, $"SELECT COALESCE(max(entry_no), 0) + 1 FROM reward_journal WHERE user_id = '{User}'");
                var entry = new RewardEntry(next, $"kills:{i}", RewardEntryKind.Kills, BanAmount.FromRaw(1000), i, null, DateTimeOffset.UtcNow);
                if ((await journal.AppendAsync(User, entry, CancellationToken.None)).Outcome != JournalAppendOutcome.EntryNumberTaken)
                {
                    return;
                }
            }
            throw new InvalidOperationException("the other writer never got an entry number");
        }));
        var results = (await Task.WhenAll(accruals)).Select(r => r.Accrual).ToList();
        await Task.WhenAll(others);
        var final = (await journal.AppendClicksAsync(User, 300, DateTimeOffset.UtcNow, null)).Accrual;

        var accruedThrough = (long)await ScalarAsync(database, $"SELECT max(click_seq) FROM reward_journal WHERE user_id = '{User}'");
        var accruedSum = await ScalarAsync(database, $"SELECT sum(amount_raw) FROM reward_journal WHERE user_id = '{User}' AND kind = 'clicks'");
        var acceptedSum = await ScalarAsync(database, $"SELECT sum(reward_raw) FROM click_events WHERE user_id = '{User}' AND outcome = 'accepted'");
        var entries = (long)await ScalarAsync(database, $"SELECT count(*) FROM reward_journal WHERE user_id = '{User}'");
        var lastEntry = (long)await ScalarAsync(database, $"SELECT max(entry_no) FROM reward_journal WHERE user_id = '{User}'");
        var pending = await ScalarAsync(database, $"SELECT pending_raw FROM reward_balances WHERE user_id = '{User}'");

        Assert.Equal(299, accruedThrough);
        Assert.Equal(acceptedSum, accruedSum);
        Assert.Equal(entries, lastEntry);
        Assert.Equal(acceptedSum + 12 * 1000, pending);
        Assert.All(results, r => Assert.True(r.AccruedThrough >= 1));
        Assert.Equal(299, final.AccruedThrough);
    }

    [Fact]
    public async Task Accruing_again_up_to_the_same_click_appends_nothing_and_says_how_far_clicks_are_accrued()
    {
        await using var database = await DatabaseAsync(postgres.Server);
        await ClickedAsync(database, 10);
        var journal = new PostgresRewardJournal(database);

        var first = (await journal.AppendClicksAsync(User, 10, DateTimeOffset.UtcNow, null)).Accrual;
        var again = (await journal.AppendClicksAsync(User, 10, DateTimeOffset.UtcNow, null)).Accrual;
        var onlyRefusedAfter = (await journal.AppendClicksAsync(User, 9, DateTimeOffset.UtcNow, null)).Accrual;

        Assert.Equal((10, "clicks:10", BanAmount.FromRaw(1 + 2 + 4 + 5 + 7 + 8 + 10)), (first.AccruedThrough, first.Entry!.IdempotencyKey, first.Entry.Amount));
        Assert.Equal((null, 10L), (again.Entry, again.AccruedThrough));
        Assert.Equal((null, 10L), (onlyRefusedAfter.Entry, onlyRefusedAfter.AccruedThrough));
    }

    [Fact]
    public async Task Runs_of_many_accounts_asked_at_once_are_appended_together_each_once_with_its_account_balance()
    {
        await using var database = await DatabaseAsync(postgres.Server);
        var users = Enumerable.Range(0, 40).Select(i => $"01JCLICKJOURNAL{i:D10}B").ToArray();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            await ClickedAsync(database, 10 + i, user);
        }
        var journal = new PostgresRewardJournal(database);

        // Each account asks twice at once, as an accrual timer and a reminder of one clicker can; every other one under
        // a boost.
        var boost = new Faucet.Boosts.BoostInForce("Half again", 1.5m);
        var runs = await Task.WhenAll(users.SelectMany((user, i) => new[] { 10 + i, 10 + i }.Select(through =>
            journal.AppendClicksAsync(user, through, DateTimeOffset.UtcNow, i % 2 == 1 ? boost : null)
                .ContinueWith(t => (User: user, Run: t.Result), TaskScheduler.Default))));

        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            var accepted = await ScalarAsync(database, $"SELECT sum(reward_raw) FROM click_events WHERE user_id = '{user}' AND outcome = 'accepted'");
            var own = runs.Where(r => r.User == user).Select(r => r.Run).ToList();
            var appended = Assert.Single(own, r => r.Accrual.Entry is not null);
            // Every third click was refused, so the last accepted one is the run's end or the one before it.
            var lastAccepted = (10 + i) % 3 == 0 ? 9L + i : 10L + i;
            var earned = BanAmount.FromRaw((UInt128)accepted);
            if (i % 2 == 1)
            {
                Faucet.Boosts.BoostSchedule.Apply(boost, earned, out earned);
            }
            Assert.Equal((earned, 1L, lastAccepted), (appended.Accrual.Entry!.Amount, appended.Accrual.Entry.EntryNo, appended.Accrual.AccruedThrough));
            Assert.Equal((decimal)appended.Accrual.Entry.Amount.Raw, (decimal)appended.Balance.Pending.Raw);
            Assert.All(own, r => Assert.Equal(appended.Accrual.AccruedThrough, r.Accrual.AccruedThrough));
        }
        Assert.Equal(users.Length, await ScalarAsync(database, "SELECT count(*) FROM reward_journal"));
        // Rows one statement inserted carry its transaction's id: fewer transactions than accounts means runs went together.
        Assert.InRange(await ScalarAsync(database, "SELECT count(DISTINCT xmin::text) FROM reward_journal"), 1, users.Length / 2);
    }

    [Fact]
    public async Task An_account_that_refuses_its_click_run_fails_alone_and_the_runs_asked_with_it_are_appended()
    {
        await using var database = await DatabaseAsync(postgres.Server);
        var users = Enumerable.Range(0, 9).Select(i => $"01JCLICKJOURNAL{i:D10}C").ToArray();
        foreach (var user in users)
        {
            await ClickedAsync(database, 15, user);
        }
        var journal = new PostgresRewardJournal(database);
        var (broken, others, first) = (users[3], users.Where((_, i) => i is not 3 and not 8).ToArray(), users[8]);
        await journal.AppendClicksAsync(broken, 5, DateTimeOffset.UtcNow, null);
        // The account's balance row names an entry the journal does not have, so the rule refuses whatever follows.
        await using (var corrupt = database.CreateCommand($"UPDATE reward_balances SET last_entry_no = 7 WHERE user_id = '{broken}'"))
        {
            await corrupt.ExecuteNonQueryAsync();
        }

        // The journal held while one run's statement waits on it, so that the runs asked meanwhile queue up behind it
        // and go in the next statement together.
        async Task<Task<ClickRun>[]> TogetherAsync(long through)
        {
            await using var holder = await database.OpenConnectionAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockJournal = new NpgsqlCommand("LOCK TABLE reward_journal IN EXCLUSIVE MODE", holder, hold))
            {
                await lockJournal.ExecuteNonQueryAsync();
            }
            var waiting = journal.AppendClicksAsync(first, through, DateTimeOffset.UtcNow, null);
            await Eventually.HoldsAsync(async () => await ScalarAsync(database,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
                TimeSpan.FromSeconds(30), "the first statement waits for the journal");
            var asked = users.Take(8).Select(user => journal.AppendClicksAsync(user, through, DateTimeOffset.UtcNow, null)).ToArray();
            await hold.RollbackAsync();
            await waiting;
            await Task.WhenAll(asked).ContinueWith(_ => { }, TaskScheduler.Default);
            return asked;
        }

        var runs = await TogetherAsync(10);
        // Asked again further on: the broken account's run goes alone, and the others' together.
        var again = await TogetherAsync(15);

        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Assert.ThrowsAsync<PostgresException>(() => runs[3])).SqlState);
        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Assert.ThrowsAsync<PostgresException>(() => again[3])).SqlState);
        Assert.All(runs.Where((_, i) => i != 3), run => Assert.Equal(10, run.Result.Accrual.AccruedThrough));
        Assert.All(again.Where((_, i) => i != 3), run => Assert.Equal(14, run.Result.Accrual.AccruedThrough));
        var theirs = $"user_id IN ({string.Join(", ", others.Select(u => $"'{u}'"))})";
        Assert.Equal(2 * others.Length, await ScalarAsync(database, $"SELECT count(*) FROM reward_journal WHERE kind = 'clicks' AND {theirs}"));
        // The second time the others' runs were appended by one statement.
        Assert.Equal(1, await ScalarAsync(database, $"SELECT count(DISTINCT xmin::text) FROM reward_journal WHERE click_seq = 14 AND {theirs}"));
    }
}
