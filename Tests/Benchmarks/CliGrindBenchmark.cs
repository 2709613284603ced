using System.Diagnostics;
using System.Globalization;
using Faucet.Cli;
using Faucet.Vanity;
using Spectre.Console;

namespace Faucet.Benchmarks;

/// <summary>
/// What the command line costs over the engine it runs: <c>faucet vanity grind</c> with a budget, in this process, its
/// whole run timed (parsing, the search, the key written to a file), against <see cref="VanitySearch.Run"/> alone for
/// the same budget and threads, on one core and on all. Three runs of each, medians. The goal: at least 0.95.
/// </summary>
internal static class CliGrindBenchmark
{
    /// <summary>A pattern no key matches: every budget is searched to its end.</summary>
    private const string Never = "zzzzzzzzzzzzzzzzzzzz";

    public static async Task RunAsync()
    {
        VanityPattern.TryCompile([Never], caseInsensitive: false, fuzzy: false, out var pattern, out _);
        var folder = Directory.CreateTempSubdirectory("faucet-cli-bench-").FullName;
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        try
        {
            foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                var budget = 150_000L * threads;
                var engine = new List<double>();
                var cli = new List<double>();
                for (var run = 0; run < 3; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var result = VanitySearch.Run(pattern!, budget, threads, stopAtFullMatch: true, null, CancellationToken.None);
                    engine.Add(result.Attempts / clock.Elapsed.TotalSeconds);

                    var file = Path.Combine(folder, $"key-{threads}-{run}.jwk");
                    clock.Restart();
                    await FaucetCommandLine.RunAsync(
                        ["vanity", "grind", Never, "--budget", budget.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture), "--out", file, "--json"],
                        quiet, TextWriter.Null);
                    cli.Add(budget / clock.Elapsed.TotalSeconds);
                }
                var engineMedian = engine.Order().ElementAt(1);
                var cliMedian = cli.Order().ElementAt(1);
                IdentityClaimBenchmark.Print(new
                {
                    benchmark = threads == 1 ? "cli_grind_one_core" : "cli_grind_all_cores",
                    threads,
                    budget,
                    keys_per_s = Math.Round(cliMedian),
                    peer = "vanity_search_engine_alone",
                    peer_per_s = Math.Round(engineMedian),
                    ratio = Math.Round(cliMedian / engineMedian, 3),
                });
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
