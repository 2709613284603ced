namespace Faucet.Clicker;

[GenerateSerializer, Alias("faucet.ClickOutcome")]
public enum ClickOutcome
{
    /// <summary>Counted, and earns the reward per click.</summary>
    Accepted,

    /// <summary>Faster than the player's bucket allows; try again at <see cref="ClickAnswer.RetryAt"/>.</summary>
    RateLimited,

    /// <summary>The clicker is banned for a while for clicking like a machine.</summary>
    Banned,
}
