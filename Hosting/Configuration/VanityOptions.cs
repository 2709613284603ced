namespace Faucet.Configuration;

/// <summary>Where vanity keys that players keep are sealed.</summary>
public sealed class VanityOptions : IValidatedOptions
{
    /// <summary>The secret the sealing key is derived from. The change-me placeholder never seals: while it is set (dry
    /// run only), each silo seals with a random key of its own, and kept keys cannot be read after it restarts.</summary>
    [Secret]
    public string MasterKey { get; set; } = "";

    /// <summary>How long a pull's private key is held for the player to keep it.</summary>
    public int KeepMinutes { get; set; } = 10;

    /// <summary>How long a pull waits for its turn at the silo's key search (one pull searches at a time, on every core)
    /// before it is refused, with nothing charged, as busy.</summary>
    public int PullWaitSeconds { get; set; } = 10;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.Between("keep_minutes", KeepMinutes, 1, 24 * 60),
        OptionChecks.Between("pull_wait_seconds", PullWaitSeconds, 0, 20),
        MasterKey.Length is > 0 and < 16 ? ("master_key", "must be at least 16 characters") : null);
}
