namespace Faucet.Sessions;

[GenerateSerializer, Alias("faucet.WalletSignInStatus")]
public enum WalletSignInStatus
{
    SignedIn,

    /// <summary>The challenge is unknown, used already or expired.</summary>
    NoChallenge,

    /// <summary>The signature is not the challenge key's signature of its message; the challenge is used up all the same.</summary>
    WrongSignature,
}
