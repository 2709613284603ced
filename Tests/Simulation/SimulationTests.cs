using System.Globalization;
using Faucet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Faucet.Tests.Simulation;

/// <summary>
/// The economy under random operations and faults, against the reference model. CI runs the fixed seeds below; a longer
/// run takes its seeds and length from the environment (<c>./faucet simulate</c>): <c>FAUCET_SIM_SEEDS</c> (numbers, or
/// <c>random</c>), <c>FAUCET_SIM_OPS</c>, <c>FAUCET_SIM_KEEP</c> (the steps to keep, as a shrunk run prints them) and
/// <c>FAUCET_SIM_SHRINK=1</c> (on a failure, look for the fewest steps that still fail).
/// </summary>
[Collection(LongRunsCollection.Name)]
public sealed class SimulationTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int CiOperations = 120;
    // Two seeds keep the suite within CI's time; `./faucet simulate --seeds 1,2,3` (or random) runs more.
    private static readonly int[] CiSeeds = [1, 3];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        var chosen = Environment.GetEnvironmentVariable("FAUCET_SIM_SEEDS");
        var seeds = chosen switch
        {
            null or "" => CiSeeds,
            "random" => [Random.Shared.Next()],
            _ => chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
        };
        foreach (var seed in seeds)
        {
            data.Add(seed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task The_books_match_the_reference_model_under_random_operations_and_faults(int seed)
    {
        var operations = int.TryParse(Environment.GetEnvironmentVariable("FAUCET_SIM_OPS"), CultureInfo.InvariantCulture, out var ops) ? ops : CiOperations;
        var schedule = Keep(ScheduleGenerator.Generate(seed, operations), Environment.GetEnvironmentVariable("FAUCET_SIM_KEEP"));
        output.WriteLine($"seed {seed}: {schedule.Count} of {operations} steps");
        try
        {
            var report = await new SimulationRun(seed, schedule, postgres.Server).RunAsync();
            output.WriteLine(report.ToString());
        }
        catch (SimulationFailedException failure)
        {
            output.WriteLine($"FAILED {failure.Message}");
            output.WriteLine($"again: ./faucet simulate --seeds {seed} --ops {operations}{(schedule.Count < operations ? " --keep " + Ranges(schedule.Select(s => s.Index)) : "")}");
            if (Environment.GetEnvironmentVariable("FAUCET_SIM_SHRINK") == "1" && failure.RuleBroken)
            {
                var shrunk = await Shrinker.ShrinkAsync(schedule.Where(s => s.Index <= failure.Step).ToList(), async candidate =>
                {
                    try
                    {
                        await new SimulationRun(seed, candidate, postgres.Server).RunAsync();
                        return false;
                    }
                    catch (SimulationFailedException again)
                    {
                        // Only a broken rule counts: a shorter schedule that merely timed out is not the same failure.
                        return again.RuleBroken;
                    }
                }, output.WriteLine);
                output.WriteLine($"shrunk to {shrunk.Count} steps: ./faucet simulate --seeds {seed} --ops {operations} --keep {Ranges(shrunk.Select(s => s.Index))}");
                foreach (var (index, op) in shrunk)
                {
                    output.WriteLine($"  {index}: {op}");
                }
            }
            throw;
        }
    }

    /// <summary>The steps named by <paramref name="keep"/> ("3,10-14"), or all of them.</summary>
    private static List<(int Index, SimOp Op)> Keep(List<SimOp> schedule, string? keep)
    {
        var all = schedule.Select((op, i) => (i, op)).ToList();
        if (string.IsNullOrWhiteSpace(keep))
        {
            return all;
        }
        var kept = new HashSet<int>();
        foreach (var part in keep.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-');
            var (from, to) = (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture));
            for (var i = from; i <= to; i++)
            {
                kept.Add(i);
            }
        }
        return all.Where(s => kept.Contains(s.i)).ToList();
    }

    private static string Ranges(IEnumerable<int> indices)
    {
        var parts = new List<string>();
        foreach (var run in indices.Order().Aggregate(new List<List<int>>(), (runs, i) =>
        {
            if (runs.Count > 0 && runs[^1][^1] == i - 1)
            {
                runs[^1].Add(i);
            }
            else
            {
                runs.Add([i]);
            }
            return runs;
        }))
        {
            parts.Add(run.Count == 1 ? run[0].ToString(CultureInfo.InvariantCulture) : $"{run[0]}-{run[^1]}");
        }
        return string.Join(',', parts);
    }
}
