using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Faucet.Api.Features.Sessions;
using Faucet.Configuration;
using Faucet.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Faucet.Benchmarks;

/// <summary>
/// How long a new player's browser takes to solve the sign-up proof of work at the shipped difficulty: the app's own
/// ALTCHA widget and worker in headless Chromium, solving challenges issued by the Api's own <see cref="ProofsOfWork"/>
/// (served here by a small Kestrel app, so no database is needed). The peer is the same search in this process, one
/// core, SHA-256 over each candidate: the ratio is what the browser's worker costs over native code. The widget's
/// minimum display time (half a second) is left out: its <c>took</c> is the search alone.
/// </summary>
internal static class SignUpProofBenchmark
{
    private const string Page = """
        <!doctype html><html><head><meta charset="utf-8"><title>proof</title></head><body>
        <script type="module">
          await import('/vendor/altcha/altcha.min.js');
          globalThis.$altcha.algorithms.set('SHA-256', () => new Worker('/vendor/altcha/sha.js'));
          window.solve = async () => {
            const widget = document.createElement('altcha-widget');
            widget.setAttribute('challenge', '/api/v1/auth/proof-of-work');
            widget.setAttribute('auto', 'off');
            document.body.append(widget);
            while (typeof widget.verify !== 'function') await new Promise(resolve => setTimeout(resolve, 5));
            const solved = await widget.verify({ minDuration: 0 });
            widget.remove();
            return solved.payload;
          };
          document.body.dataset.ready = 'true';
        </script></body></html>
        """;

    public static async Task RunAsync(int solves)
    {
        var integrations = new IntegrationsOptions();
        integrations.Sessions.SigningKeys.Add("benchmark-session-signing-key-0123456789abcdef");
        var proofs = new ProofsOfWork(integrations, TimeProvider.System);
        var issued = new List<ProofsOfWork.ProofChallenge>();

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(RepositoryRoot.Combine("Api", "wwwroot")) });
        app.MapGet("/", () => Results.Content(Page, "text/html"));
        app.MapGet("/api/v1/auth/proof-of-work", () =>
        {
            var challenge = proofs.Issue();
            lock (issued)
            {
                issued.Add(challenge);
            }
            return Results.Json(challenge, JsonSerializerOptions.Web);
        });
        await app.StartAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{port}/");
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { State = WaitForSelectorState.Attached });

        var browserMs = new List<double>();
        var numbers = new List<long>();
        for (var i = 0; i < solves; i++)
        {
            var payload = await page.EvaluateAsync<string>("() => window.solve()");
            var solved = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement;
            if (proofs.Check(payload, out var problem) is null)
            {
                throw new InvalidOperationException($"the widget's solution was refused: {problem}");
            }
            browserMs.Add(solved.GetProperty("took").GetDouble());
            numbers.Add(solved.GetProperty("number").GetInt64());
        }

        // The peer: the same challenges, searched from 0 as the widget does, in this process on one core.
        var peerMs = new List<double>();
        foreach (var challenge in issued.Take(solves))
        {
            var clock = Stopwatch.StartNew();
            Search(challenge);
            peerMs.Add(clock.Elapsed.TotalMilliseconds);
        }

        var browserMedian = Median(browserMs);
        var peerMedian = Median(peerMs);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "signup-proof",
            maxnumber = integrations.Sessions.SignupProofOfWork,
            solves,
            browser = "headless Chromium, the app's ALTCHA widget and SHA-256 worker",
            median_ms = Math.Round(browserMedian, 1),
            p90_ms = Math.Round(Percentile(browserMs, 0.9), 1),
            max_ms = Math.Round(browserMs.Max(), 1),
            hashes_per_second = Math.Round(numbers.Sum() / (browserMs.Sum() / 1000)),
            peer = "the same search in .NET, one core",
            peer_median_ms = Math.Round(peerMedian, 1),
            ratio = Math.Round(browserMedian / peerMedian, 2),
        }));
    }

    private static long Search(ProofsOfWork.ProofChallenge challenge)
    {
        var target = Convert.FromHexString(challenge.Challenge);
        Span<byte> hash = stackalloc byte[32];
        for (var n = 0L; n <= challenge.Maxnumber; n++)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(challenge.Salt + n.ToString(CultureInfo.InvariantCulture)), hash);
            if (hash.SequenceEqual(target))
            {
                return n;
            }
        }
        throw new InvalidOperationException("no number solves the challenge");
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
