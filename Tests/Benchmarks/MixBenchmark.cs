using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using NSec.Cryptography;

/// <summary>
/// N players doing what players do, each at a human pace (an action every one to three seconds, unevenly) with a feed
/// socket open the whole time, against one Api and one silo (programs of their own) in a dry run: clicks, status,
/// leaderboards, the recent feed and the schedule, now and then a pull, a purchase with the simulated card, or a wallet
/// sign-in. After a warm-up, the measured time gives each endpoint's p50/p95/p99 and its errors (a 5xx, a failed call,
/// a socket closed by the Api) and refusals (a 4xx: a pull without tokens, say). The limit is the goal, p95 under
/// 200 ms on every endpoint. With <c>--minutes N</c> it measures N minutes and prints the Api's and the silo's memory
/// each minute, and the slope after the first minute.
/// </summary>
internal static class MixBenchmark
{
    private const double GoalP95Ms = 200;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    /// <summary>Pulls in 1,000 actions unless told otherwise: about once in a quarter of an hour a player. At 20 (2 %),
    /// 1,000 players ask for more keys a second than the silo's two cores search: <c>--pulls 20</c> is that overload.</summary>
    public const int PullsPerMille = 2;

    // What a player does next, by weight (of 1,000 with the pulls): mostly clicking and looking, rarely paying or signing
    // in again.
    private static (string Name, int Weight)[] Actions = [];

    public static async Task RunAsync(PostgresServer postgres, int players, int minutes, int pullsPerMille)
    {
        Actions =
        [
            ("click", 458), ("status", 200), ("leaderboard", 140), ("feed_recent", 80), ("settlement", 60), ("pull", pullsPerMille), ("purchase", 20), ("wallet_sign_in", 40),
        ];
        var measured = minutes > 0 ? TimeSpan.FromMinutes(minutes) : TimeSpan.FromSeconds(60);
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        cluster.Config.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 100000000");
        cluster.Config.SetLine("integrations.yaml", "per_user_per_minute", "per_user_per_minute: 100000000");
        // Sign-ins of keys new to the faucet would each solve a proof of work here, in the load generator: off, so that the
        // load is the Api's. The terms are not asked, so that pulls and purchases go through.
        cluster.Config.SetLine("integrations.yaml", "signup_proof_of_work", "signup_proof_of_work: 0");
        cluster.Config.SetLine("product.yaml", "minimum_age", "minimum_age: 0");
        // A pull searches this many keys on the silo's cores (the shipped 250,000 take two seconds of both).
        const int pullCandidates = 20_000;
        cluster.Config.SetLine("product.yaml", "pull_candidate_budget", $"pull_candidate_budget: {pullCandidates}");
        string[] dryRun = ["--FAUCET_DRY_RUN=true"];
        using var silo = cluster.StartSiloProgram(dryRun);
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port,
            [.. dryRun, "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning"]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(1),
        };
        await FeedBenchmark.WaitUntilReadyAsync(http);

        var users = await StatusBenchmark.PlayersAsync(cluster, players);
        var bearer = users.Select(u => new AuthenticationHeaderValue("Bearer", Faucet.Tests.Api.PlayerTokens.For(u))).ToArray();
        // Keys that sign in now and then: new to the faucet the first time, returning after.
        var keys = Enumerable.Range(0, Math.Max(10, players / 10)).Select(_ => Key.Create(SignatureAlgorithm.Ed25519)).ToArray();

        var clock = Stopwatch.StartNew();
        var (from, to) = (WarmUp, WarmUp + measured);
        var calls = new System.Collections.Concurrent.ConcurrentBag<(string Endpoint, double Ms, int Outcome)>();
        long frames = 0, socketsLost = 0;
        var memory = new List<(double Minute, double ApiMb, double SiloMb)>();
        var sampler = Task.Run(async () =>
        {
            for (var minute = 0; clock.Elapsed < to; minute++)
            {
                var at = WarmUp + TimeSpan.FromMinutes(minute);
                if (at > to)
                {
                    break;
                }
                if (at > clock.Elapsed)
                {
                    await Task.Delay(at - clock.Elapsed);
                }
                var sample = (Minute: (double)minute, ApiMb: ResidentMb(api.Id), SiloMb: ResidentMb(silo.Id));
                memory.Add(sample);
                if (minutes > 0)
                {
                    IdentityClaimBenchmark.Print(new { benchmark = "mix_memory", minute, api_rss_mb = Math.Round(sample.ApiMb, 1), silo_rss_mb = Math.Round(sample.SiloMb, 1) });
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, players).Select(async i =>
        {
            var random = new Random(i);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), CancellationToken.None);
            await socket.SendAsync("""{"op":"subscribe","channel":"feed"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var reading = Task.Run(async () =>
            {
                var buffer = new byte[16 * 1024];
                try
                {
                    while (true)
                    {
                        var result = await socket.ReceiveAsync(buffer, stop.Token);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            Interlocked.Increment(ref socketsLost);
                            return;
                        }
                        if (result.EndOfMessage)
                        {
                            Interlocked.Increment(ref frames);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (WebSocketException)
                {
                    Interlocked.Increment(ref socketsLost);
                }
            });
            await Task.Delay(random.Next(0, 3000));
            var nonce = 0;
            while (clock.Elapsed < to)
            {
                var action = Pick(random);
                var started = clock.Elapsed;
                int outcome;
                try
                {
                    outcome = await ActAsync(http, action, bearer[i], keys[random.Next(keys.Length)], $"m{i}-{++nonce}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    outcome = 0;
                }
                var ended = clock.Elapsed;
                if (started >= from && ended <= to)
                {
                    calls.Add((action, (ended - started).TotalMilliseconds, outcome));
                }
                var wait = TimeSpan.FromMilliseconds(1000 + random.Next(0, 2001)) - (ended - started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
            stop.Cancel();
            await reading;
            socket.Abort();
        }));
        await sampler;

        var byEndpoint = calls.GroupBy(c => c.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var ms = g.Select(c => c.Ms).Order().ToArray();
            double P(double p) => Math.Round(ms[Math.Min(ms.Length - 1, (int)(p * ms.Length))], 1);
            return new
            {
                calls = ms.Length,
                p50_ms = P(0.50),
                p95_ms = P(0.95),
                p99_ms = P(0.99),
                errors = g.Count(c => c.Outcome is 0 or >= 500 && !Busy(g.Key, c.Outcome)),
                refused = g.Count(c => c.Outcome is >= 400 and < 500),
                // 503 with Retry-After for a pull: the silo's key search had no turn for it in time, nothing was charged.
                busy = g.Count(c => Busy(g.Key, c.Outcome)),
            };
        });
        var total = calls.Count;
        var errors = byEndpoint.Values.Sum(e => e.errors) + socketsLost;
        var worst = byEndpoint.MaxBy(e => e.Value.p95_ms);
        // A pull's time is mostly the key search the player asked for (pull_candidates keys on the silo's cores), not waiting.
        var worstWaiting = byEndpoint.Where(e => e.Key != "pull").MaxBy(e => e.Value.p95_ms);
        var slope = Slope(memory.Skip(1).ToList());
        IdentityClaimBenchmark.Print(new
        {
            benchmark = "mix",
            players,
            measured_s = measured.TotalSeconds,
            pull_candidates = pullCandidates,
            pulls_per_mille = pullsPerMille,
            calls_per_s = Math.Round(total / measured.TotalSeconds, 1),
            error_rate = Math.Round(errors / (double)Math.Max(1, total + players), 5),
            feed_frames = frames,
            sockets_lost = socketsLost,
            endpoints = byEndpoint,
            limit = "goal_p95_ms",
            limit_ms = GoalP95Ms,
            worst_endpoint = worst.Key,
            ratio = Math.Round(worst.Value.p95_ms / GoalP95Ms, 3),
            worst_endpoint_but_pull = worstWaiting.Key,
            ratio_but_pull = Math.Round(worstWaiting.Value.p95_ms / GoalP95Ms, 3),
            api_rss_mb = memory.Count > 0 ? Math.Round(memory[^1].ApiMb, 1) : 0,
            silo_rss_mb = memory.Count > 0 ? Math.Round(memory[^1].SiloMb, 1) : 0,
            api_mb_per_minute = slope.Api,
            silo_mb_per_minute = slope.Silo,
        });
    }

    private static bool Busy(string endpoint, int outcome) => endpoint == "pull" && outcome == 503;

    private static string Pick(Random random)
    {
        var roll = random.Next(Actions.Sum(a => a.Weight));
        foreach (var (name, weight) in Actions)
        {
            if ((roll -= weight) < 0)
            {
                return name;
            }
        }
        return Actions[0].Name;
    }

    /// <summary>One action as a player's browser sends it; the answer's status code (0: no answer).</summary>
    private static async Task<int> ActAsync(HttpClient http, string action, AuthenticationHeaderValue bearer, Key key, string nonce)
    {
        if (action == "wallet_sign_in")
        {
            return await SignInAsync(http, key);
        }
        using var request = action switch
        {
            "click" => Json(HttpMethod.Post, "/api/v1/click", $$"""{"clientNonce":"{{nonce}}"}"""),
            "status" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/me/status"),
            "leaderboard" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/leaderboard?board=ban&window=day&limit=10"),
            "feed_recent" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/feed/recent"),
            "settlement" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/settlement"),
            "pull" => Json(HttpMethod.Post, "/api/v1/vanity/pulls", """{"parts":["ab"]}"""),
            _ => Json(HttpMethod.Post, "/api/v1/purchases", """{"packageId":"starter","method":"card"}"""),
        };
        request.Headers.Authorization = bearer;
        if (action is "pull" or "purchase")
        {
            request.Headers.Add("Idempotency-Key", nonce);
        }
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    private static async Task<int> SignInAsync(HttpClient http, Key key)
    {
        var did = Faucet.Vanity.DidKey.FromPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        using var asked = await http.SendAsync(Json(HttpMethod.Post, "/api/v1/auth/challenge", JsonSerializer.Serialize(new { did })));
        if (!asked.IsSuccessStatusCode)
        {
            return (int)asked.StatusCode;
        }
        using var challenge = JsonDocument.Parse(await asked.Content.ReadAsStringAsync());
        var message = challenge.RootElement.GetProperty("message").GetString()!;
        var signature = Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(message)));
        using var verified = await http.SendAsync(Json(HttpMethod.Post, "/api/v1/auth/verify",
            JsonSerializer.Serialize(new { nonce = challenge.RootElement.GetProperty("nonce").GetString(), signature })));
        await verified.Content.ReadAsByteArrayAsync();
        return (int)verified.StatusCode;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static double ResidentMb(int pid) => FeedBenchmark.ResidentKb(pid) / 1024.0;

    /// <summary>Megabytes a minute by least squares over the samples (0 for fewer than two).</summary>
    private static (double Api, double Silo) Slope(List<(double Minute, double ApiMb, double SiloMb)> samples)
    {
        if (samples.Count < 2)
        {
            return (0, 0);
        }
        var meanX = samples.Average(s => s.Minute);
        var sxx = samples.Sum(s => (s.Minute - meanX) * (s.Minute - meanX));
        double Of(Func<(double Minute, double ApiMb, double SiloMb), double> y)
        {
            var meanY = samples.Average(y);
            return Math.Round(samples.Sum(s => (s.Minute - meanX) * (y(s) - meanY)) / sxx, 2);
        }
        return (Of(s => s.ApiMb), Of(s => s.SiloMb));
    }
}
