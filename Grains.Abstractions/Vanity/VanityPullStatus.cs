namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityPullStatus")]
public enum VanityPullStatus
{
    Pulled,

    /// <summary>This pull id was pulled before: its result, with the private key only while it is still held.</summary>
    AlreadyPulled,

    NotEnoughTokens,

    /// <summary>This pull id was used for another pattern: nothing happened.</summary>
    Conflict,

    /// <summary>The parts do not compile into a pattern (the outcome says why): nothing was charged.</summary>
    InvalidPattern,

    /// <summary>No free pull was left, and the player has not accepted the current terms (or confirmed the age they ask)
    /// that a paid pull needs: nothing was charged.</summary>
    TermsNotAccepted,

    /// <summary>The silo's key search gave this pull no turn within <c>vanity.pull_wait_seconds</c>: nothing was charged,
    /// and the same pull may be asked for again.</summary>
    Busy,
}
