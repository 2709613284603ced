using Faucet.Identities;
using Faucet.Kills;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Kills;

/// <summary>The kill verifier on a running silo against a wire-level fake of the Fortnite stats API.</summary>
[Collection(PostgresCollection.Name)]
public sealed class KillVerifierTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private LiveNodeCluster cluster = null!;
    private FakeFortnite fortnite = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        fortnite = await FakeFortnite.StartAsync();
        cluster.Config.SetLine("integrations.yaml", "fortnite_api_key", "fortnite_api_key: " + FakeFortnite.Key);
        cluster.Config.SetLine("integrations.yaml", "api_base: ${FAUCET_FORTNITE_API_BASE", "api_base: " + fortnite.Url);
    }

    public async Task DisposeAsync()
    {
        await fortnite.DisposeAsync();
        await cluster.DisposeAsync();
    }

    private static async Task<string> LinkedPlayerAsync(IClusterClient client, string epicId)
    {
        var user = UserId.New(TimeProvider.System).Value;
        var player = client.GetGrain<IPlayerGrain>(user);
        await player.CreateAsync("K", IdentityKey.Parse($"discord:{Random.Shared.NextInt64(100000000000000000, 999999999999999999)}"));
        await player.RecordEpicLinkAsync(new EpicLink(EpicLinkStatus.Linked, epicId, "epic-" + epicId[..4], DateTimeOffset.UtcNow));
        return user;
    }

    private static async Task PassAsync(IClusterClient client)
    {
        var verifier = client.GetGrain<IKillVerifierGrain>("default");
        var before = (await verifier.GetAsync()).Visited;
        var queued = await verifier.RunNowAsync();
        await Eventually.HoldsAsync(async () => (await verifier.GetAsync()).Visited >= before + queued, Patience, "the pass visits every player");
    }

    [Fact]
    public async Task The_first_look_sets_a_baseline_later_kills_accrue_once_and_private_or_unknown_profiles_are_recorded()
    {
        cluster.Config.SetLine("integrations.yaml", "mode: ${FAUCET_FORTNITE_MODE", "mode: live");
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (player, hidden, nobody) = ("a1b2c3d4e5f60718293a4b5c6d7e8f90", "b1b2c3d4e5f60718293a4b5c6d7e8f90", "c1b2c3d4e5f60718293a4b5c6d7e8f90");
        fortnite.Kills[player] = 120;
        fortnite.Private[hidden] = true;
        var users = new[] { await LinkedPlayerAsync(client.Client, player), await LinkedPlayerAsync(client.Client, hidden), await LinkedPlayerAsync(client.Client, nobody) };
        var account = client.Client.GetGrain<IRewardAccountGrain>(users[0]);

        await PassAsync(client.Client);
        var afterBaseline = await account.GetBalanceAsync();
        fortnite.Kills[player] = 123;
        await PassAsync(client.Client);
        var afterKills = await account.GetBalanceAsync();
        await PassAsync(client.Client);
        var afterRepeat = await account.GetBalanceAsync();

        Assert.Equal((BanAmount.Zero, 120L), (afterBaseline.Pending, afterBaseline.KillCursor));
        Assert.Equal((BanAmount.Parse("6.3"), 123L), (afterKills.Pending, afterKills.KillCursor));
        Assert.Equal(afterKills.Pending, afterRepeat.Pending);
        Assert.Equal("private,private,private", await cluster.ScalarAsync($"SELECT string_agg(outcome, ',') FROM kill_verifications WHERE user_id = '{users[1]}'"));
        Assert.Equal("unknown,unknown,unknown", await cluster.ScalarAsync($"SELECT string_agg(outcome, ',') FROM kill_verifications WHERE user_id = '{users[2]}'"));
    }

    [Fact]
    public async Task Kills_faster_than_the_abuse_limit_still_accrue_and_flag_the_player_while_a_banned_player_earns_nothing_from_kills()
    {
        cluster.Config.SetLine("integrations.yaml", "mode: ${FAUCET_FORTNITE_MODE", "mode: live");
        cluster.Config.SetLine("integrations.yaml", "kill_rate_per_min", "kill_rate_per_min: 4");
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (fast, calm, banned) = ("a7b2c3d4e5f60718293a4b5c6d7e8f90", "b7b2c3d4e5f60718293a4b5c6d7e8f90", "c7b2c3d4e5f60718293a4b5c6d7e8f90");
        fortnite.Kills[fast] = 100;
        fortnite.Kills[calm] = 100;
        fortnite.Kills[banned] = 50;
        var users = new[] { await LinkedPlayerAsync(client.Client, fast), await LinkedPlayerAsync(client.Client, calm), await LinkedPlayerAsync(client.Client, banned) };
        await client.Client.GetGrain<IPlayerGrain>(users[2]).BanAsync(new PlayerBan("test ban", null, "operator", DateTimeOffset.UtcNow));

        await PassAsync(client.Client);
        // Counts taken within a minute or two of each other: 40 kills is far above 4 a minute, 2 is not.
        fortnite.Kills[fast] = 140;
        fortnite.Kills[calm] = 102;
        fortnite.Kills[banned] = 90;
        await PassAsync(client.Client);

        var balances = await Task.WhenAll(users.Select(u => client.Client.GetGrain<IRewardAccountGrain>(u).GetBalanceAsync()));
        Assert.Equal((BanAmount.Parse("84"), 140L), (balances[0].Pending, balances[0].KillCursor));
        Assert.Equal((BanAmount.Parse("4.2"), 102L), (balances[1].Pending, balances[1].KillCursor));
        Assert.Equal((BanAmount.Zero, 90L), (balances[2].Pending, balances[2].KillCursor));
        Assert.Equal($"{users[0]}:kill_rate:40", await cluster.ScalarAsync("SELECT string_agg(user_id || ':' || kind || ':' || (detail->>'kills'), ',') FROM player_flags"));
        Assert.Equal(users[0], await cluster.ScalarAsync("SELECT string_agg(subject, ',') FROM audit_log WHERE action = 'kills.rate_flagged'"));
    }

    [Fact]
    public async Task The_verifier_keeps_under_the_per_second_limit_and_waits_out_a_429_before_asking_the_same_player_again()
    {
        cluster.Config.SetLine("integrations.yaml", "mode: ${FAUCET_FORTNITE_MODE", "mode: live");
        cluster.Config.SetLine("integrations.yaml", "requests_per_second", "requests_per_second: 3");
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var accounts = Enumerable.Range(0, 12).Select(i => $"{i:x2}b2c3d4e5f60718293a4b5c6d7e8f90").ToList();
        foreach (var account in accounts)
        {
            fortnite.Kills[account] = 10;
            await LinkedPlayerAsync(client.Client, account);
        }
        fortnite.RateLimitNext = 1;

        await PassAsync(client.Client);
        var requests = fortnite.Requests.ToList();
        // When the verifier sent each request (the fake's clock adds the network's jitter).
        var sent = (await cluster.ScalarAsync("SELECT string_agg((extract(epoch FROM checked_at) * 1000000)::bigint::text, ',' ORDER BY id) FROM kill_verifications"))!
            .Split(',').Select(us => DateTimeOffset.UnixEpoch.AddTicks(long.Parse(us, System.Globalization.CultureInfo.InvariantCulture) * 10)).ToList();

        // Every account answered, the one refused asked again after the pause, and never more than 3 in a second.
        Assert.Equal(accounts.Order(StringComparer.Ordinal), requests.Select(r => r.Account).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(requests[0].Account, requests[1].Account);
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromSeconds(1), $"asked again after {sent[1] - sent[0]}");
        Assert.Equal(requests.Count, sent.Count);
        Assert.All(sent, at => Assert.True(sent.Count(o => o > at - TimeSpan.FromSeconds(1) && o <= at) <= 3));
        Assert.Equal("12", await cluster.ScalarAsync("SELECT count(*) FROM kill_verifications WHERE outcome = 'kills'"));
    }

    [Fact]
    public async Task A_player_who_moves_to_another_Epic_account_starts_from_a_new_baseline_and_earns_only_its_new_kills()
    {
        cluster.Config.SetLine("integrations.yaml", "mode: ${FAUCET_FORTNITE_MODE", "mode: live");
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (first, second) = ("e1b2c3d4e5f60718293a4b5c6d7e8f90", "f1b2c3d4e5f60718293a4b5c6d7e8f90");
        fortnite.Kills[first] = 10;
        fortnite.Kills[second] = 500;
        var user = await LinkedPlayerAsync(client.Client, first);
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);

        await PassAsync(client.Client);
        fortnite.Kills[first] = 11;
        await PassAsync(client.Client);
        await client.Client.GetGrain<IPlayerGrain>(user).RecordEpicLinkAsync(new EpicLink(EpicLinkStatus.Linked, second, "second", DateTimeOffset.UtcNow));
        await PassAsync(client.Client);
        var afterMove = await account.GetBalanceAsync();
        fortnite.Kills[second] = 502;
        await PassAsync(client.Client);

        Assert.Equal((BanAmount.Parse("2.1"), 500L), (afterMove.Pending, afterMove.KillCursor));
        Assert.Equal(BanAmount.Parse("6.3"), (await account.GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task Made_up_kills_never_earn_outside_a_dry_run()
    {
        // The shipped fortnite.mode is simulated; the test cluster pays real BAN (dry_run false).
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        await LinkedPlayerAsync(client.Client, "a9b2c3d4e5f60718293a4b5c6d7e8f90");

        var queued = await client.Client.GetGrain<IKillVerifierGrain>("default").RunNowAsync();

        Assert.Equal(0, queued);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM kill_verifications"));
    }
}
