using Faucet.Tests.Configuration;
using Faucet.Tests.Infrastructure;
using Npgsql;

namespace Faucet.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class SiloProgramTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_stopped_with_sigterm_leaves_the_cluster_gracefully_and_exits_0()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        using var silo = ProgramProcess.Start("Silo", FaucetProcessArgs.Silo(database, FreePort.Next(), FreePort.Next()));
        // Started means every stage of the silo's lifecycle ran, which the host reports after the membership row turns Active.
        await Eventually.HoldsAsync(() => Task.FromResult(silo.Output.Contains("Application started", StringComparison.Ordinal)), Patience, "the silo has started");
        Assert.Equal(3, await MembershipStatusAsync(database));

        silo.Terminate();

        Assert.True(await silo.WaitForExitAsync(Patience) == 0, silo.Output);
        Assert.Equal(6, await MembershipStatusAsync(database));
    }

    [Fact]
    public async Task A_silo_with_a_wrong_setting_exits_with_code_2_naming_the_file_and_key_without_a_stack_trace()
    {
        using var files = new ConfigFiles();
        files.SetLine("payout.yaml", "weekly_payout_cap", "weekly_payout_cap: -3");
        var database = await postgres.Server.CreateDatabaseAsync();
        using var silo = ProgramProcess.Start("Silo", [.. FaucetProcessArgs.Silo(database, FreePort.Next(), FreePort.Next()), "--Faucet:ConfigDirectory=" + files.Directory]);

        Assert.True(await silo.WaitForExitAsync(Patience) == 2, silo.Output);
        Assert.Contains("payout.yaml: weekly_payout_cap: must be at least daily_payout_cap", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_that_cannot_reach_postgres_exits_with_code_3_saying_so_without_a_stack_trace()
    {
        using var silo = ProgramProcess.Start("Silo", ["migrate", $"--ConnectionStrings:Faucet=Host=127.0.0.1;Port={FreePort.Next()};Username=faucet;Timeout=3"]);

        Assert.True(await silo.WaitForExitAsync(Patience) == 3, silo.Output);
        Assert.Contains("PostgreSQL cannot be used", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_applies_the_schema_and_a_second_run_reports_it_up_to_date()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        string[] arguments = ["migrate", "--ConnectionStrings:Faucet=" + database];

        using (var first = ProgramProcess.Start("Silo", arguments))
        {
            Assert.True(await first.WaitForExitAsync(Patience) == 0, first.Output);
            Assert.Contains("Applied", first.Output, StringComparison.Ordinal);
        }
        using var second = ProgramProcess.Start("Silo", arguments);
        Assert.True(await second.WaitForExitAsync(Patience) == 0, second.Output);
        Assert.Contains("Schema is up to date.", second.Output, StringComparison.Ordinal);
    }

    private static async Task<int?> MembershipStatusAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(
            "SELECT status FROM orleans_membership WHERE to_regclass('orleans_membership') IS NOT NULL ORDER BY start_time DESC LIMIT 1");
        try
        {
            return (int?)await command.ExecuteScalarAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
