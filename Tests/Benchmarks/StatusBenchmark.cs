using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;

/// <summary>
/// <c>GET /api/v1/me/status</c> for N players with wallets and accruals, from 16 connections for a fixed time after a
/// warm-up that has read every player's status once, against <c>/health</c> on the same Api in the same run (the ceiling
/// of this Api process on this machine), with the lines the Api wrote meanwhile. The Api and the silo are programs of their own; with <c>--pin</c> they and
/// PostgreSQL run on core 0 and this load generator on core 1.
/// </summary>
internal static class StatusBenchmark
{
    private const int Connections = 16;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(PostgresServer postgres, int players, bool pin)
    {
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        cluster.Config.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 100000000");
        cluster.Config.SetLine("integrations.yaml", "per_user_per_minute", "per_user_per_minute: 100000000");
        using var silo = cluster.StartSiloProgram();
        var port = FreePort.Next();
        // The Api logs at the levels it ships with (Api/appsettings.json), not as the tests quieten it: what a request
        // writes is part of its cost.
        using var api = cluster.StartApiProgram(port,
            "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(1),
        };
        await FeedBenchmark.WaitUntilReadyAsync(http);

        var users = await PlayersAsync(cluster, players);
        var bearer = users.Select(u => new AuthenticationHeaderValue("Bearer", Faucet.Tests.Api.PlayerTokens.For(u))).ToArray();
        // Every player's grains are active before the clock starts, as on a faucet people are using.
        foreach (var batch in Enumerable.Range(0, players).Chunk(Connections))
        {
            await Task.WhenAll(batch.Select(i => SendAsync(http, Status(bearer[i]))));
        }
        if (pin)
        {
            Pin(0, api.Id, silo.Id, postgres.ProcessId);
            Pin(1, Environment.ProcessId);
        }

        var linesBefore = Lines(api);
        var cpuBefore = (Api: CpuSeconds(api.Id), Silo: CpuSeconds(silo.Id), Postgres: CpuSeconds(postgres.ProcessId));
        var status = await LoadAsync(http, i => Status(bearer[i % players]));
        var cpu = (Api: CpuSeconds(api.Id) - cpuBefore.Api, Silo: CpuSeconds(silo.Id) - cpuBefore.Silo, Postgres: CpuSeconds(postgres.ProcessId) - cpuBefore.Postgres);
        var statusLines = Lines(api) - linesBefore;
        var health = await LoadAsync(http, _ => new HttpRequestMessage(HttpMethod.Get, "/health"));
        if (status.Failed > 0)
        {
            throw new InvalidOperationException($"{status.Failed} status requests failed");
        }
        var perSecond = status.Count / Measured.TotalSeconds;
        var healthPerSecond = health.Count / Measured.TotalSeconds;
        IdentityClaimBenchmark.Print(new
        {
            benchmark = "status",
            players,
            connections = Connections,
            pinned = pin,
            req_per_s = Math.Round(perSecond, 1),
            p50_ms = Math.Round(Percentile(status.Latencies, 0.50), 2),
            p95_ms = Math.Round(Percentile(status.Latencies, 0.95), 2),
            p99_ms = Math.Round(Percentile(status.Latencies, 0.99), 2),
            peer = "health_same_api",
            peer_per_s = Math.Round(healthPerSecond, 1),
            peer_p99_ms = Math.Round(Percentile(health.Latencies, 0.99), 2),
            ratio = Math.Round(perSecond / healthPerSecond, 4),
            api_log_lines = statusLines,
            // CPU time each process spent per answered request over warm-up and measurement together.
            api_cpu_us = Math.Round(cpu.Api * 1e6 / status.Answered, 1),
            silo_cpu_us = Math.Round(cpu.Silo * 1e6 / status.Answered, 1),
            postgres_cpu_us = Math.Round(cpu.Postgres * 1e6 / status.Answered, 1),
        });
    }

    /// <summary>N players with linked wallets and pending kills (one to seven), made through a client of the cluster.</summary>
    internal static async Task<List<string>> PlayersAsync(LiveNodeCluster cluster, int players)
    {
        var users = new List<string>(players);
        await using var client = await cluster.StartClientAsync();
        foreach (var batch in Enumerable.Range(0, players).Chunk(50))
        {
            users.AddRange(await Task.WhenAll(batch.Select(i => PlayerAsync(client.Client, kills: 1 + i % 7))));
        }
        return users;
    }

    /// <summary>A player with a linked wallet and pending kills.</summary>
    private static async Task<string> PlayerAsync(IClusterClient client, int kills)
    {
        var user = UserId.New(TimeProvider.System).Value;
        var player = client.GetGrain<IPlayerGrain>(user);
        await player.CreateAsync("P", IdentityKey.Parse($"email:{user}@example.org"));
        if (await player.LinkWalletAsync(BananoAddress.FromPublicKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))) != WalletLinkStatus.Linked)
        {
            throw new InvalidOperationException("The wallet was not linked");
        }
        await client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(kills);
        return user;
    }

    private static int Lines(ProgramProcess program) => program.Output.Count(c => c == '\n');

    private static HttpRequestMessage Status(AuthenticationHeaderValue bearer) =>
        new(HttpMethod.Get, "/api/v1/me/status") { Headers = { Authorization = bearer } };

    private static async Task<bool> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        }
    }

    /// <summary>Connections loops, each sending its next request as soon as the last is answered: a warm-up, then the
    /// measured time (what was answered, how long each took, what failed).</summary>
    private static async Task<(long Count, List<double> Latencies, long Failed, long Answered)> LoadAsync(HttpClient http, Func<long, HttpRequestMessage> request)
    {
        var clock = Stopwatch.StartNew();
        long count = 0, failed = 0, next = 0, answered = 0;
        var latencies = new List<double>[Connections];
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async c =>
        {
            latencies[c] = [];
            while (clock.Elapsed < WarmUp + Measured)
            {
                var started = clock.Elapsed;
                var ok = await SendAsync(http, request(Interlocked.Increment(ref next)));
                Interlocked.Increment(ref answered);
                if (started < WarmUp)
                {
                    continue;
                }
                latencies[c].Add((clock.Elapsed - started).TotalMilliseconds);
                Interlocked.Increment(ref ok ? ref count : ref failed);
            }
        }));
        return (count, [.. latencies.SelectMany(l => l)], failed, answered);
    }

    /// <summary>User and system CPU seconds of a process and its children (PostgreSQL's backends), living and reaped.</summary>
    internal static double CpuSeconds(int process)
    {
        var own = Ticks(process, withReaped: true);
        var children = Children(process).Sum(child => Ticks(child, withReaped: false));
        return (own + children) / 100.0;
    }

    /// <summary>utime + stime (and cutime + cstime when asked) from /proc/pid/stat, in clock ticks (USER_HZ, 100 on Linux).</summary>
    private static long Ticks(int process, bool withReaped)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return withReaped ? ticks + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : ticks;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Puts every thread of the processes (and the children they start later, as PostgreSQL's backends) on one core.</summary>
    private static void Pin(int core, params int[] processes)
    {
        foreach (var id in processes)
        {
            if (!Taskset(core, id))
            {
                throw new InvalidOperationException($"taskset could not pin process {id} to core {core}");
            }
        }
        // PostgreSQL's backends already running are children of its main process (one may have ended meanwhile).
        foreach (var child in processes.SelectMany(Children))
        {
            Taskset(core, child);
        }
    }

    private static bool Taskset(int core, int process)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), process.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        taskset.WaitForExit();
        return taskset.ExitCode == 0;
    }

    private static IEnumerable<int> Children(int parent) =>
        File.Exists($"/proc/{parent}/task/{parent}/children")
            ? File.ReadAllText($"/proc/{parent}/task/{parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture))
            : [];

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
