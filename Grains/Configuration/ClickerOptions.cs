using Faucet.Money;

namespace Faucet.Configuration;

/// <summary>The clicker game's reward and per-player pace (a token bucket).</summary>
public sealed class ClickerOptions : IValidatedOptions
{
    public BanAmount RewardBanPerClick { get; set; } = BanAmount.Parse("0.001");
    public int BucketCapacity { get; set; } = 20;
    public int RefillPerSecond { get; set; } = 5;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (BucketCapacity < 1)
        {
            yield return ("bucket_capacity", $"must be at least 1 (got {BucketCapacity})");
        }
        if (RefillPerSecond < 1)
        {
            yield return ("refill_per_second", $"must be at least 1 (got {RefillPerSecond})");
        }
    }
}
