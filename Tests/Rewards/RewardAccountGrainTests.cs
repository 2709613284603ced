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

    [Fact]
    public async Task Kills_and_clicks_accrue_once_however_often_they_are_reported()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);

        await account.SetKillBaselineAsync(50);
        var kills = await account.AccrueKillsAsync(53);
        Assert.Null(await account.AccrueKillsAsync(53));
        var click = await account.AccrueClicksAsync("nonce-1", BanAmount.Parse("0.001"));
        var clickAgain = await account.AccrueClicksAsync("nonce-1", BanAmount.Parse("0.001"));

        Assert.Equal(BanAmount.Parse("6.3"), kills!.Amount);
        Assert.Equal(click, clickAgain);
        Assert.Equal(BanAmount.Parse("6.301"), (await account.GetBalanceAsync()).Pending);
        Assert.Equal(3, await Sql.CountAsync(database, $"SELECT count(*) FROM reward_journal WHERE user_id = '{user}'"));
    }

    [Fact]
    public async Task The_pending_index_follows_the_journal_so_only_players_with_something_pending_are_listed()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var (paid, waiting) = (NewUser(), NewUser());
        await client.Client.GetGrain<IRewardAccountGrain>(paid).AccrueKillsAsync(1);
        await client.Client.GetGrain<IRewardAccountGrain>(paid).ReserveAsync(1, BanAmount.Parse("2.1"));
        await client.Client.GetGrain<IRewardAccountGrain>(paid).CommitAsync(1);
        await client.Client.GetGrain<IRewardAccountGrain>(waiting).AccrueClicksAsync("n1", BanAmount.Parse("0.25"));

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
        await account.AccrueClicksAsync("nonce-1", BanAmount.Parse("0.001"));

        await Assert.ThrowsAsync<RewardConflictException>(() => account.AccrueClicksAsync("nonce-1", BanAmount.Parse("5")));

        Assert.Equal(BanAmount.Parse("0.001"), (await account.GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task A_round_retrying_its_reserve_after_committing_gets_its_first_answer()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        var account = client.Client.GetGrain<IRewardAccountGrain>(NewUser());
        await account.AccrueKillsAsync(10);

        var reserve = await account.ReserveAsync(1, BanAmount.Parse("20"));
        await account.CommitAsync(1);
        var retried = await account.ReserveAsync(1, BanAmount.Parse("20"));
        var commitAgain = await account.CommitAsync(1);

        Assert.Equal(reserve, retried);
        Assert.Equal(RewardEntryKind.Commit, commitAgain.Kind);
        var balance = await account.GetBalanceAsync();
        Assert.Equal((BanAmount.Parse("1"), BanAmount.Parse("20"), BanAmount.Zero), (balance.Pending, balance.Paid, balance.Reserved));
    }

    [Fact]
    public async Task An_account_whose_stored_state_was_lost_is_rebuilt_from_the_journal()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var user = NewUser();
        RewardBalance before;
        await using (var silo = await SiloProcess.StartAsync(database))
        await using (var client = await ClientProcess.StartAsync(database))
        {
            var account = client.Client.GetGrain<IRewardAccountGrain>(user);
            await account.AccrueKillsAsync(4);
            await account.ReserveAsync(9, BanAmount.Parse("3"));
            await account.AccrueClicksAsync("n", BanAmount.Parse("0.5"));
            before = await account.GetBalanceAsync();
        }

        // As if the silo had died after each journal append and before its state write.
        Assert.Equal(1, await Sql.CountAsync(database, "WITH gone AS (DELETE FROM orleans_storage WHERE grain_type LIKE '%reward%' RETURNING 1) SELECT count(*) FROM gone"));

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
        await account.AccrueClicksAsync("first", BanAmount.Parse("1"));

        // A second activation elsewhere (a split brain) appended entry 2 behind this one's back.
        await using (var source = NpgsqlDataSource.Create(database))
        await using (var insert = source.CreateCommand(
            "INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw) VALUES (@u, 2, 'clicks:elsewhere', 'clicks', @a)"))
        {
            insert.Parameters.AddWithValue("u", user);
            insert.Parameters.AddWithValue("a", (BigInteger)BanAmount.Parse("2").Raw);
            await insert.ExecuteNonQueryAsync();
        }

        var third = await account.AccrueClicksAsync("third", BanAmount.Parse("4"));

        Assert.Equal(3, third.EntryNo);
        Assert.Equal(BanAmount.Parse("7"), (await account.GetBalanceAsync()).Pending);
    }
}
