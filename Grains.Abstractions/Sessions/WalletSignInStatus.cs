namespace Faucet.Sessions;

[GenerateSerializer, Alias("faucet.WalletSignInStatus")]
public enum WalletSignInStatus
{
    SignedIn,

    /// <summary>The challenge is unknown, used already or expired.</summary>
    NoChallenge,

    /// <summary>The signature is not the challenge key's signature of its message; the challenge is used up all the same.</summary>
    WrongSignature,

    /// <summary>The key has no player yet and a proof of work is asked of new players, but none came; the challenge is
    /// used up.</summary>
    ProofOfWorkMissing,

    /// <summary>The proof of work brought for a new player made one before; the challenge is used up.</summary>
    ProofOfWorkUsed,

    /// <summary>The proof of work brought for a new player had expired; the challenge is used up.</summary>
    ProofOfWorkExpired,
}
