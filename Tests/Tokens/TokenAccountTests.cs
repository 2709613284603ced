using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Faucet.Tokens;

namespace Faucet.Tests.Tokens;

/// <summary>Token accounts on a running silo against PostgreSQL: the ledger's invariants under random changes, retries
/// and concurrent repeats, across a silo restart, and free pulls.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TokenAccountTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Every_balance_is_the_sum_of_its_rows_never_negative_under_random_changes_retries_and_a_restart()
    {
        var random = new Random(20261123);
        var users = Enumerable.Range(0, 3).Select(i => $"01TOKENTEST000000000000{i:D3}").ToArray();
        var model = users.ToDictionary(u => u, _ => 0L);
        var done = new List<(string User, TokenCommand Command)>();
        var kinds = new[] { TokenEntryKind.Purchase, TokenEntryKind.Pull, TokenEntryKind.Job, TokenEntryKind.Refund, TokenEntryKind.Grant };
        var (applied, repeated, refused, conflicts) = (0, 0, 0, 0);

        await using (var silo = await cluster.StartSiloAsync())
        await using (var client = await cluster.StartClientAsync())
        {
            for (var op = 0; op < 300; op++)
            {
                var roll = random.NextDouble();
                if (roll < 0.2 && done.Count > 0)
                {
                    // A retry of an earlier change, sometimes twice at once: nothing more happens.
                    var (user, command) = done[random.Next(done.Count)];
                    var account = client.Client.GetGrain<ITokenAccountGrain>(user);
                    var answers = await Task.WhenAll(account.ApplyAsync(command), account.ApplyAsync(command));
                    Assert.All(answers, a => Assert.Equal(TokenChangeStatus.Repeated, a.Status));
                    repeated++;
                }
                else if (roll < 0.25 && done.Count > 0)
                {
                    // The same key for another change is refused.
                    var (user, command) = done[random.Next(done.Count)];
                    var answer = await client.Client.GetGrain<ITokenAccountGrain>(user).ApplyAsync(command with { Amount = command.Amount + 1 });
                    Assert.Equal(TokenChangeStatus.Conflict, answer.Status);
                    conflicts++;
                }
                else
                {
                    var user = users[random.Next(users.Length)];
                    var kind = kinds[random.Next(kinds.Length)];
                    var amount = kind is TokenEntryKind.Pull or TokenEntryKind.Job ? -random.Next(1, 900) : random.Next(1, 400);
                    var command = new TokenCommand($"op-{op}", kind, amount, $"ref-{op}");
                    // A new change and its retry sent together: one applies, the other finds it.
                    var account = client.Client.GetGrain<ITokenAccountGrain>(user);
                    var answers = await Task.WhenAll(account.ApplyAsync(command), account.ApplyAsync(command));
                    if (model[user] + amount < 0)
                    {
                        Assert.All(answers, a => Assert.Equal(TokenChangeStatus.InsufficientTokens, a.Status));
                        refused++;
                        continue;
                    }
                    Assert.Equal([TokenChangeStatus.Applied, TokenChangeStatus.Repeated], answers.Select(a => a.Status).Order());
                    model[user] += amount;
                    Assert.Equal(model[user], answers.Max(a => a.Balance.Tokens));
                    done.Add((user, command));
                    applied++;
                }
            }
        }

        // A new silo replays each account from the ledger and its stored state.
        await using (var silo = await cluster.StartSiloAsync())
        await using (var client = await cluster.StartClientAsync())
        {
            foreach (var user in users)
            {
                Assert.Equal(model[user], (await client.Client.GetGrain<ITokenAccountGrain>(user).GetBalanceAsync()).Tokens);
            }
        }

        Assert.True(applied > 100 && repeated > 20 && refused > 5 && conflicts > 5, $"{applied} applied, {repeated} repeated, {refused} refused, {conflicts} conflicts");
        foreach (var user in users)
        {
            Assert.Equal(model[user].ToString(System.Globalization.CultureInfo.InvariantCulture),
                await cluster.ScalarAsync($"SELECT COALESCE(sum(amount), 0) FROM token_ledger WHERE user_id = '{user}'"));
        }
        // Each row starts where the one before it ended, and no balance is ever below zero.
        Assert.Equal("0", await cluster.ScalarAsync("""
            SELECT count(*) FROM token_ledger t
             WHERE t.balance_before <> COALESCE((SELECT p.balance_after FROM token_ledger p WHERE p.user_id = t.user_id AND p.entry_no = t.entry_no - 1), 0)
                OR t.balance_after < 0
            """));
        Assert.Equal(applied.ToString(System.Globalization.CultureInfo.InvariantCulture), await cluster.ScalarAsync("SELECT count(*) FROM token_ledger"));
    }

    [Fact]
    public async Task The_days_free_pulls_come_first_then_pulls_cost_tokens_and_a_repeated_pull_costs_nothing_after_a_restart_too()
    {
        var user = "";
        var charges = new List<TokenChange>();
        await using (var silo = await cluster.StartSiloAsync())
        await using (var client = await cluster.StartClientAsync())
        {
            user = await Rounds.PlayerAsync(client.Client, kills: 0, withWallet: false);
            var account = client.Client.GetGrain<ITokenAccountGrain>(user);
            await account.ApplyAsync(new TokenCommand("grant-1", TokenEntryKind.Grant, 25, "welcome"));
            for (var i = 0; i < 6; i++)
            {
                charges.Add(await account.ChargePullAsync($"pull-{i}", 10));
            }
        }

        // A new silo counts today's free pulls from the ledger.
        await using var again = await cluster.StartSiloAsync();
        await using var newClient = await cluster.StartClientAsync();
        var repeat = await newClient.Client.GetGrain<ITokenAccountGrain>(user).ChargePullAsync("pull-0", 10);

        Assert.Equal([0L, 0, 0, -10, -10, 0], charges.Select(c => c.Entry?.Amount ?? 0));
        Assert.Equal([true, true, true, true, true, false], charges.Select(c => c.Done));
        Assert.Equal(TokenChangeStatus.InsufficientTokens, charges[5].Status);
        Assert.Equal((TokenChangeStatus.Repeated, 5L, 0), (repeat.Status, repeat.Balance.Tokens, repeat.Balance.FreePullsLeft));
    }
}
