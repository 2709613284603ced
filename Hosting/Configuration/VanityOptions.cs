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

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.Between("keep_minutes", KeepMinutes, 1, 24 * 60),
        MasterKey.Length is > 0 and < 16 ? ("master_key", "must be at least 16 characters") : null);
}
