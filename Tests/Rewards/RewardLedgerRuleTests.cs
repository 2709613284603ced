using System.Numerics;
using Faucet.Money;
using Faucet.Rewards;
using Faucet.Silo.Schema;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Faucet.Tests.Rewards;

/// <summary>
/// The rule of the reward ledger is the journal's trigger (migration 0017): each entry, appended as it is, moves the
/// balances or is refused. Every other place that states part of the rule (the account's planning in
/// <see cref="RewardLedger"/>, the round batches' pending test and their choice of commit or release, the click run's
/// sum) is held to it here, kind by kind: one twin account takes the entry as it is, the other through the writer that
/// makes such entries in production, and both must end with the same balances, or both refuse.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RewardLedgerRuleTests(PostgresFixture postgres)
{
    private static readonly BanAmount PerKill = BanAmount.Parse("2.1");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static BanAmount Ban(string value) => BanAmount.Parse(value);

    /// <summary>An entry as a journal row: kind, amount, kill count, round.</summary>
    private sealed record Row(RewardEntryKind Kind, BanAmount Amount, long? Kills = null, long? Round = null);

    /// <summary>A kill baseline of 100, then 105 kills (5 at 2.1 BAN), 3.5 BAN granted, a round 1 that reserved 4 BAN and
    /// paid it, and a round 2 that holds 1 BAN reserved: 9 BAN pending, 1 reserved, 4 paid, the cursor at 105.</summary>
    private static readonly Row[] History =
    [
        new(RewardEntryKind.Baseline, BanAmount.Zero, Kills: 100),
        new(RewardEntryKind.Kills, Ban("10.5"), Kills: 105),
        new(RewardEntryKind.Grant, Ban("3.5")),
        new(RewardEntryKind.Reserve, Ban("4"), Round: 1),
        new(RewardEntryKind.Commit, Ban("4"), Round: 1),
        new(RewardEntryKind.Reserve, Ban("1"), Round: 2),
    ];

    public static TheoryData<string, string?> Cases => new()
    {
        // case, then the balances it leaves (pending / reserved / paid / kill cursor), or null when it is refused
        { "baseline above the cursor", "9 / 1 / 4 / 120" },
        { "baseline below the cursor", "9 / 1 / 4 / 105" },
        { "kills above the cursor", "23.7 / 1 / 4 / 112" },
        { "kills that did not grow", "9 / 1 / 4 / 105" },
        { "clicks", "9.006 / 1 / 4 / 105" },
        { "grant", "11.5 / 1 / 4 / 105" },
        { "grant of nothing", null },
        { "reserve", "3 / 7 / 4 / 105" },
        { "reserve of all pending", "0 / 10 / 4 / 105" },
        { "reserve beyond pending", null },
        { "reserve again for a round", null },
        { "commit", "9 / 0 / 5 / 105" },
        { "release", "10 / 0 / 4 / 105" },
        { "commit without a reservation", null },
        { "commit of another amount than reserved", null },
        { "release after commit", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_writer_of_an_entry_kind_leaves_the_balances_the_journal_rule_derives(string @case, string? expected)
    {
        await using var database = await DatabaseAsync(postgres.Server);
        var journal = new PostgresRewardJournal(database);
        var (asIs, inProduction) = ($"as-is-{Guid.NewGuid():N}", $"production-{Guid.NewGuid():N}");
        foreach (var row in History)
        {
            Assert.False(await RefusedAsIsAsync(journal, asIs, row, Key(row)));
            Assert.False(await RefusedAsIsAsync(journal, inProduction, row, Key(row)));
        }

        var (row1, production) = Case(@case);
        // Under a key of its own, so that the rule judges the entry and not the key's uniqueness.
        var refusedAsIs = await RefusedAsIsAsync(journal, asIs, row1, $"as-is:{@case}");
        var refusedInProduction = await production(database, journal, inProduction);

        var (left, right) = (await journal.ReadBalanceAsync(asIs, CancellationToken.None), await journal.ReadBalanceAsync(inProduction, CancellationToken.None));
        Assert.Equal(expected is null, refusedAsIs);
        Assert.Equal(refusedAsIs, refusedInProduction);
        Assert.Equal(Balances(left), Balances(right));
        Assert.Equal(expected ?? "9 / 1 / 4 / 105", Balances(left));
    }

    /// <summary>The rule runs once per statement: entries appended to one account together move it as the same entries
    /// appended one by one, and entries that do not follow the account's last one (a gap, or a second first entry) are
    /// refused with the statement that carried them.</summary>
    [Fact]
    public async Task Entries_appended_together_move_an_account_as_one_by_one_and_a_gap_is_refused()
    {
        await using var database = await DatabaseAsync(postgres.Server);
        var journal = new PostgresRewardJournal(database);
        await WriteAsync(database, "one-by-one", History);
        await using (var together = database.CreateCommand($"""
            INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, kills, round_no, recorded_at)
            SELECT 'together', n, k, kind, amount, kills, round, @at
              FROM unnest(@nos, @keys, @kinds, @amounts, @kills, @rounds) AS r (n, k, kind, amount, kills, round)
            """))
        {
            together.Parameters.AddWithValue("at", Now);
            together.Parameters.AddWithValue("nos", History.Select((_, i) => i + 1L).ToArray());
            together.Parameters.AddWithValue("keys", History.Select(Key).ToArray());
            together.Parameters.AddWithValue("kinds", History.Select(r => r.Kind.ToString().ToLowerInvariant()).ToArray());
            together.Parameters.Add(new NpgsqlParameter<BigInteger[]>("amounts", History.Select(r => (BigInteger)r.Amount.Raw).ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Numeric });
            together.Parameters.Add(new NpgsqlParameter<long?[]>("kills", History.Select(r => r.Kills).ToArray()));
            together.Parameters.Add(new NpgsqlParameter<long?[]>("rounds", History.Select(r => r.Round).ToArray()));
            await together.ExecuteNonQueryAsync();
        }

        Assert.Equal(await journal.ReadBalanceAsync("one-by-one", CancellationToken.None), await journal.ReadBalanceAsync("together", CancellationToken.None));
        var gap = await Assert.ThrowsAsync<PostgresException>(() => WriteRowAsync(database, "together", History.Length + 2, new(RewardEntryKind.Grant, Ban("1")), key: "after a gap"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, gap.SqlState);
        var secondFirst = await Assert.ThrowsAsync<PostgresException>(() => WriteRowAsync(database, "together", 1, new(RewardEntryKind.Grant, Ban("1")), key: "another first"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, secondFirst.SqlState);
        Assert.Equal("9 / 1 / 4 / 105", Balances(await journal.ReadBalanceAsync("together", CancellationToken.None)));
    }

    /// <summary>Migration 0017 fills in the balances of accounts that already have a journal; that fill is one more
    /// statement of the rule, held here to what the trigger derives from the same entries appended afresh.</summary>
    [Fact]
    public async Task A_journal_written_before_the_rule_moved_upgrades_in_place_to_the_balances_the_rule_derives()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var before = Directory.CreateTempSubdirectory("faucet-sql-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("deploy", "sql"), "*.sql", SearchOption.AllDirectories)
                         .Where(f => string.CompareOrdinal(Path.GetFileName(f), "0017") < 0))
            {
                var copy = Path.Combine(before.FullName, Path.GetRelativePath(RepositoryRoot.Combine("deploy", "sql"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
            await new SchemaMigrator(database, new SchemaScripts(before.FullName), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }
        finally
        {
            before.Delete(recursive: true);
        }
        Row[] paidOnce = [.. History, new(RewardEntryKind.Release, Ban("1"), Round: 2), new(RewardEntryKind.Kills, Ban("2.1"), Kills: 106)];
        await WriteAsync(database, "old", paidOnce);
        await WriteAsync(database, "old-and-open", History);

        await new SchemaMigrator(database, new SchemaScripts(RepositoryRoot.Combine("deploy", "sql")), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await WriteAsync(database, "new", paidOnce);
        await WriteAsync(database, "new-and-open", History);

        var journal = new PostgresRewardJournal(database);
        Assert.Equal(await journal.ReadBalanceAsync("new", CancellationToken.None), await journal.ReadBalanceAsync("old", CancellationToken.None));
        Assert.Equal(await journal.ReadBalanceAsync("new-and-open", CancellationToken.None), await journal.ReadBalanceAsync("old-and-open", CancellationToken.None));
        Assert.Equal("12.1 / 0 / 4 / 106", Balances(await journal.ReadBalanceAsync("old", CancellationToken.None)));
        Assert.Equal(8L, (await journal.ReadBalanceAsync("old", CancellationToken.None)).LastEntryNo);
    }

    /// <summary>Rows straight into the journal, as any version's writer puts them there.</summary>
    private static async Task WriteAsync(NpgsqlDataSource database, string user, Row[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            await WriteRowAsync(database, user, i + 1L, rows[i]);
        }
    }

    private static async Task WriteRowAsync(NpgsqlDataSource database, string user, long entryNo, Row row, string? key = null)
    {
        await using var insert = database.CreateCommand("""
            INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, kills, round_no, recorded_at)
            VALUES (@user, @no, @key, @kind, @amount, @kills, @round, @at)
            """);
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("no", entryNo);
        insert.Parameters.AddWithValue("key", key ?? Key(row));
        insert.Parameters.AddWithValue("kind", row.Kind.ToString().ToLowerInvariant());
        insert.Parameters.AddWithValue("amount", (BigInteger)row.Amount.Raw);
        insert.Parameters.AddWithValue("kills", (object?)row.Kills ?? DBNull.Value);
        insert.Parameters.AddWithValue("round", (object?)row.Round ?? DBNull.Value);
        insert.Parameters.AddWithValue("at", Now);
        await insert.ExecuteNonQueryAsync();
    }

    private delegate Task<bool> ProductionWriter(NpgsqlDataSource database, PostgresRewardJournal journal, string user);

    /// <summary>The entry of a case as a row, and how production makes it (true: refused).</summary>
    private static (Row Row, ProductionWriter Production) Case(string @case) => @case switch
    {
        "baseline above the cursor" => Planned(new(RewardEntryKind.Baseline, BanAmount.Zero, Kills: 120), RewardLedger.Baseline(120)),
        "baseline below the cursor" => Planned(new(RewardEntryKind.Baseline, BanAmount.Zero, Kills: 90), RewardLedger.Baseline(90)),
        "kills above the cursor" => Planned(new(RewardEntryKind.Kills, Ban("14.7"), Kills: 112), RewardLedger.Kills(112)),
        "kills that did not grow" => Planned(new(RewardEntryKind.Kills, BanAmount.Zero, Kills: 105), RewardLedger.Kills(105)),
        "grant" => Planned(new(RewardEntryKind.Grant, Ban("2.5")), RewardLedger.Grant("g", Ban("2.5"))),
        "grant of nothing" => Planned(new(RewardEntryKind.Grant, BanAmount.Zero), RewardLedger.Grant("g", BanAmount.Zero)),
        "clicks" => (new(RewardEntryKind.Clicks, Ban("0.006")), ClickedAsync),
        "reserve" => Reserved(3, Ban("6")),
        "reserve of all pending" => Reserved(3, Ban("9")),
        "reserve beyond pending" => Reserved(3, Ban("9.000000001")),
        "reserve again for a round" => Reserved(1, Ban("1")),
        "commit" => Settled(2, Ban("1"), paid: true),
        "release" => Settled(2, Ban("1"), paid: false),
        "commit without a reservation" => Settled(7, Ban("1"), paid: true),
        "commit of another amount than reserved" => Settled(2, Ban("0.5"), paid: true),
        "release after commit" => Settled(1, Ban("4"), paid: false),
        _ => throw new ArgumentOutOfRangeException(nameof(@case)),
    };

    /// <summary>The account grain's way: <see cref="RewardLedger.Plan"/> on the balances, then the append (a plan of
    /// nothing appends nothing).</summary>
    private static (Row, ProductionWriter) Planned(Row row, RewardCommand command) => (row, async (_, journal, user) =>
    {
        RewardEntry? entry;
        try
        {
            entry = RewardLedger.Plan(command, await journal.ReadBalanceAsync(user, CancellationToken.None), PerKill, Now);
        }
        catch (RewardConflictException)
        {
            return true;
        }
        return entry is not null && (await journal.AppendAsync(user, entry, CancellationToken.None)).Outcome != JournalAppendOutcome.Appended;
    });

    /// <summary>Settlement's way: the round batch, for this one account; left out means refused.</summary>
    private static (Row, ProductionWriter) Reserved(long round, BanAmount amount) => (new(RewardEntryKind.Reserve, amount, Round: round), async (database, _, user) =>
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var reserved = await new PostgresRewardRoundJournal().ReserveAsync(transaction, [new RoundReservation(user, round, amount)], Now, CancellationToken.None);
        await transaction.CommitAsync();
        return !reserved.Contains((user, round));
    });

    /// <summary>A payout's outcome entered by the round batch: an account that refuses it fails the batch's transaction,
    /// and a round already settled on the account gets nothing more.</summary>
    private static (Row, ProductionWriter) Settled(long round, BanAmount amount, bool paid) =>
        (new(paid ? RewardEntryKind.Commit : RewardEntryKind.Release, amount, Round: round), async (database, journal, user) =>
        {
            var before = (await journal.ReadBalanceAsync(user, CancellationToken.None)).LastEntryNo;
            await using var connection = await database.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            try
            {
                await new PostgresRewardRoundJournal().SettleAsync(transaction, [new RoundOutcome(user, round, amount, paid)], Now, CancellationToken.None);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
            {
                return true;
            }
            await transaction.CommitAsync();
            return (await journal.ReadBalanceAsync(user, CancellationToken.None)).LastEntryNo == before;
        });

    /// <summary>The clicker's way: accepted clicks recorded in <c>click_events</c> (one refused among them), then a run.</summary>
    private static async Task<bool> ClickedAsync(NpgsqlDataSource database, PostgresRewardJournal journal, string user)
    {
        await using (var insert = database.CreateCommand("""
            INSERT INTO click_events (user_id, seq, client_nonce, clicked_at, outcome, reward_raw)
            VALUES (@user, 1, 'a', now(), 'accepted', @raw), (@user, 2, 'b', now(), 'rate_limited', 0), (@user, 3, 'c', now(), 'accepted', @twice)
            """))
        {
            insert.Parameters.AddWithValue("user", user);
            insert.Parameters.AddWithValue("raw", (BigInteger)Ban("0.002").Raw);
            insert.Parameters.AddWithValue("twice", (BigInteger)Ban("0.004").Raw);
            await insert.ExecuteNonQueryAsync();
        }
        return (await journal.AppendClicksAsync(user, 3, Now, null)).Accrual.Entry is null;
    }

    /// <summary>The key production gives the row, so that the round batches find the history's entries.</summary>
    private static string Key(Row row) => row.Kind switch
    {
        RewardEntryKind.Baseline => RewardEntryKeys.Baseline(row.Kills!.Value),
        RewardEntryKind.Kills => RewardEntryKeys.Kills(row.Kills!.Value),
        RewardEntryKind.Reserve => RewardEntryKeys.Reserve(row.Round!.Value),
        RewardEntryKind.Commit => RewardEntryKeys.Commit(row.Round!.Value),
        RewardEntryKind.Release => RewardEntryKeys.Release(row.Round!.Value),
        _ => RewardEntryKeys.Grant("history"),
    };

    /// <summary>Appends the row as it is, at the account's next number; true when the account refuses it.</summary>
    private static async Task<bool> RefusedAsIsAsync(PostgresRewardJournal journal, string user, Row row, string key)
    {
        var next = (await journal.ReadBalanceAsync(user, CancellationToken.None)).LastEntryNo + 1;
        try
        {
            var append = await journal.AppendAsync(user, new RewardEntry(next, key, row.Kind, row.Amount, row.Kills, row.Round, Now), CancellationToken.None);
            Assert.Equal(JournalAppendOutcome.Appended, append.Outcome);
            return false;
        }
        catch (RewardConflictException)
        {
            return true;
        }
    }

    private static string Balances(RewardBalance b) => $"{b.Pending} / {b.Reserved} / {b.Paid} / {b.KillCursor}";

    private static async Task<NpgsqlDataSource> DatabaseAsync(PostgresServer server)
    {
        var database = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await new SchemaMigrator(database, new SchemaScripts(RepositoryRoot.Combine("deploy", "sql")), NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
        return database;
    }
}
