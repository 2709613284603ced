namespace Faucet.Tests.Infrastructure;

public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds, checking it again and again, and fails with
    /// <paramref name="what"/> if it has not held by the deadline.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true after {timeout.TotalSeconds:0}s: {what}");
            }
            await Task.Delay(PollInterval);
        }
    }
}
