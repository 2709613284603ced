using Faucet.Money;

namespace Faucet.Configuration;

/// <summary>The clicker game's reward and per-player pace (a token bucket).</summary>
public sealed class ClickerOptions : IValidatedOptions
{
    public BanAmount RewardBanPerClick { get; set; } = BanAmount.Parse("0.001");
    public int BucketCapacity { get; set; } = 20;
    public int RefillPerSecond { get; set; } = 5;

    /// <summary>Accepted clicks reach the reward account in runs this many seconds apart.</summary>
    public int AccrueEverySeconds { get; set; } = 5;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("bucket_capacity", BucketCapacity, 1),
        OptionChecks.AtLeast("refill_per_second", RefillPerSecond, 1),
        OptionChecks.Between("accrue_every_seconds", AccrueEverySeconds, 1, 60));
}
