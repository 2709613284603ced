using System.Numerics;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;
using Npgsql;

namespace Faucet.Tests.Rewards;

/// <summary>The reward account on a real silo: journal in PostgreSQL, state in the ADO.NET grain storage.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RewardAccountGrainTests(PostgresFixture postgres)
{
    private static string NewUser() => UserId.New(TimeProvider.System).Value;

    /// <summary>Settlement's way into the journal: a round's reservation or its outcome for one account, committed.</summary>
    private static async Task<bool> RoundAsync(string database, Func<NpgsqlTransaction, Task<bool>> write)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var done = await write(transaction);
        await transaction.CommitAsync();
        return done;
    }

    private static Task<bool> ReserveAsync(string database, string user, long round, BanAmount amount) => RoundAsync(database, async transaction =>
        (await new PostgresRewardRoundJournal().ReserveAsync(transaction, [new RoundReservation(user, round, amount)], DateTimeOffset.UtcNow, CancellationToken.None))
            .Contains((user, round)));

    private static Task<bool> CommitAsync(string database, string user, long round, BanAmount amount) => RoundAsync(database, async transaction =>
    {
        await new PostgresRewardRoundJournal().SettleAsync(transaction, [new RoundOutcome(user, round, amount, Paid: true)], DateTimeOffset.UtcNow, CancellationToken.None);
        return true;
    });

    private static async Task ClickedAsync(string database, string user, int clicks, BanAmount each)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var insert = source.CreateCommand("""
            INSERT INTO click_events (user_id, seq, client_nonce, clicked_at, outcome, reward_raw)
            SELECT @user, s, 'n' || s, now(), 'accepted', @each FROM generate_series(1, @clicks) s
            """);
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("clicks", clicks);
        insert.Parameters.AddWithValue("each", (BigInteger)each.Raw);
        await insert.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Kills_and_clicks_accrue_once_however_often_they_are_reported()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        await ClickedAsync(database, user, 1, BanAmount.Parse("0.001"));

        await account.SetKillBaselineAsync(50);
        var kills = await account.AccrueKillsAsync(53);
        Assert.Null(await account.AccrueKillsAsync(53));
        var click = await account.AccrueRecordedClicksAsync(long.MaxValue);
        var clickAgain = await account.AccrueRecordedClicksAsync(long.MaxValue);

        Assert.Equal(BanAmount.Parse("6.3"), kills!.Amount);
        Assert.Equal((BanAmount.Parse("0.001"), 1L), (click.Entry!.Amount, click.AccruedThrough));
        Assert.Equal((null, 1L), (clickAgain.Entry, clickAgain.AccruedThrough));
        Assert.Equal(BanAmount.Parse("6.301"), (await account.GetBalanceAsync()).Pending);
        Assert.Equal(3, await Sql.CountAsync(database, $"SELECT count(*) FROM reward_journal WHERE user_id = '{user}'"));
    }

    [Fact]
    public async Task The_status_is_served_from_memory_until_a_writer_outside_the_account_says_it_changed_the_journal()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        await ClickedAsync(database, user, 2, BanAmount.Parse("0.001"));
        await account.AccrueRecordedClicksAsync(long.MaxValue);

        var before = (await account.GetStandingAsync()).Balance;
        // A round's reservation, straight to the journal as rounds write, with nobody telling the account.
        Assert.True(await ReserveAsync(database, user, 1, BanAmount.Parse("0.002")));
        var untold = (await account.GetStandingAsync()).Balance;
        var journal = await account.GetBalanceAsync();
        await account.JournalChangedAsync();
        var told = (await account.GetStandingAsync()).Balance;

        Assert.Equal((BanAmount.Parse("0.002"), BanAmount.Zero), (before.Pending, before.Reserved));
        Assert.Equal(before, untold);
        Assert.Equal((BanAmount.Zero, BanAmount.Parse("0.002")), (journal.Pending, journal.Reserved));
        Assert.Equal(journal, told);
    }

    [Fact]
    public async Task The_pending_index_follows_the_journal_so_only_players_with_something_pending_are_listed()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var (paid, waiting) = (NewUser(), NewUser());
        await client.Client.GetGrain<IRewardAccountGrain>(paid).AccrueKillsAsync(1);
        Assert.True(await ReserveAsync(database, paid, 1, BanAmount.Parse("2.1")));
        await CommitAsync(database, paid, 1, BanAmount.Parse("2.1"));
        await client.Client.GetGrain<IRewardAccountGrain>(waiting).GrantAsync("n1", BanAmount.Parse("0.25"));

        await using var source = NpgsqlDataSource.Create(database);
        await using var command = source.CreateCommand("SELECT user_id, pending_raw FROM reward_balances WHERE pending_raw > 0");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((waiting, BanAmount.Parse("0.25").Raw), (reader.GetString(0), (UInt128)reader.GetFieldValue<BigInteger>(1)));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_key_reused_for_another_change_is_refused_and_changes_nothing()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var account = client.Client.GetGrain<IRewardAccountGrain>(NewUser());
        var first = await account.GrantAsync("manual:1", BanAmount.Parse("0.001"));

        Assert.Equal(first, await account.GrantAsync("manual:1", BanAmount.Parse("0.001")));
        await Assert.ThrowsAsync<RewardConflictException>(() => account.GrantAsync("manual:1", BanAmount.Parse("5")));

        Assert.Equal(BanAmount.Parse("0.001"), (await account.GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task A_round_retrying_its_reserve_after_committing_reserves_nothing_more()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        await account.AccrueKillsAsync(10);

        var reserved = await ReserveAsync(database, user, 1, BanAmount.Parse("20"));
        await CommitAsync(database, user, 1, BanAmount.Parse("20"));
        var retried = await ReserveAsync(database, user, 1, BanAmount.Parse("20"));
        await CommitAsync(database, user, 1, BanAmount.Parse("20"));

        Assert.True(reserved);
        Assert.False(retried);
        var balance = await account.GetBalanceAsync();
        Assert.Equal((BanAmount.Parse("1"), BanAmount.Parse("20"), BanAmount.Zero), (balance.Pending, balance.Paid, balance.Reserved));
        Assert.Equal(3, await Sql.CountAsync(database, $"SELECT count(*) FROM reward_journal WHERE user_id = '{user}'"));
    }

    [Fact]
    public async Task An_account_keeps_nothing_in_grain_storage_and_reads_the_same_after_a_restart()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var user = NewUser();
        RewardBalance before;
        await using (var silo = await SiloProcess.StartAsync(database))
        await using (var client = await ClientProcess.StartAsync(database))
        {
            var account = client.Client.GetGrain<IRewardAccountGrain>(user);
            await account.AccrueKillsAsync(4);
            Assert.True(await ReserveAsync(database, user, 9, BanAmount.Parse("3")));
            await account.GrantAsync("n", BanAmount.Parse("0.5"));
            before = await account.GetBalanceAsync();
        }

        Assert.Equal(0, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_storage WHERE grain_type LIKE '%reward%'"));
        Assert.Equal((BanAmount.Parse("5.9"), BanAmount.Parse("3"), 4L), (before.Pending, before.Reserved, before.KillCursor));
        await using var restarted = await SiloProcess.StartAsync(database);
        await using var again = await ClientProcess.StartAsync(database);
        Assert.Equal(before, await again.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync());
    }

    [Fact]
    public async Task Entries_appended_by_another_writer_are_caught_up_before_the_next_change()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        await account.GrantAsync("first", BanAmount.Parse("1"));

        // A second activation elsewhere (a split brain) appended entry 2 behind this one's back.
        await using (var source = NpgsqlDataSource.Create(database))
        await using (var insert = source.CreateCommand(
            "INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw) VALUES (@u, 2, 'grant:elsewhere', 'grant', @a)"))
        {
            insert.Parameters.AddWithValue("u", user);
            insert.Parameters.AddWithValue("a", (BigInteger)BanAmount.Parse("2").Raw);
            await insert.ExecuteNonQueryAsync();
        }

        var third = await account.GrantAsync("third", BanAmount.Parse("4"));

        Assert.Equal(3, third.EntryNo);
        Assert.Equal(BanAmount.Parse("7"), (await account.GetBalanceAsync()).Pending);
    }
}
