namespace Faucet.Sessions;

/// <summary>What a sign-in that would make a new player made of the proof of work it brought.</summary>
[GenerateSerializer, Alias("faucet.SignUpProofVerdict")]
public enum SignUpProofVerdict
{
    /// <summary>No proof was needed (a returning player, or none is asked), or the one brought was spent now.</summary>
    Accepted,

    /// <summary>A new player, and proofs are asked, but none came: nothing was made.</summary>
    Missing,

    /// <summary>The proof made a player before: nothing was made.</summary>
    AlreadyUsed,

    /// <summary>The proof's challenge expired before it was spent (a sign-in that took long at Discord): nothing was
    /// made.</summary>
    Expired,
}
