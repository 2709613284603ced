namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityQuoteStatus")]
public enum VanityQuoteStatus
{
    Quoted,

    /// <summary>The parts do not compile into a pattern (empty, too long, or a character base58 never shows).</summary>
    InvalidPattern,

    /// <summary>The pattern compiles but no did:key can show it.</summary>
    Impossible,

    /// <summary>A job would take more attempts on average than the pricing allows a job to promise.</summary>
    TooHard,
}
