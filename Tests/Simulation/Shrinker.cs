namespace Faucet.Tests.Simulation;

/// <summary>
/// Finds a short schedule that still fails: drops chunks of steps, halves first, then ever smaller, keeping each drop that
/// leaves a failing run (delta debugging). Every step names its own players and items, so any subsequence can run.
/// </summary>
public static class Shrinker
{
    public static async Task<List<(int Index, SimOp Op)>> ShrinkAsync(List<(int Index, SimOp Op)> failing, Func<List<(int Index, SimOp Op)>, Task<bool>> fails, Action<string> log)
    {
        var current = failing;
        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start < current.Count;)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                if (candidate.Count > 0 && await fails(candidate))
                {
                    current = candidate;
                    log($"still fails with {current.Count} steps");
                }
                else
                {
                    start += chunk;
                }
            }
        }
        return current;
    }
}
