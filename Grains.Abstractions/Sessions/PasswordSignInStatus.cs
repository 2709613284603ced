namespace Faucet.Sessions;

[GenerateSerializer, Alias("faucet.PasswordSignInStatus")]
public enum PasswordSignInStatus
{
    SignedIn,

    /// <summary>One answer for an unknown e-mail and a wrong password, given after the same work.</summary>
    WrongCredentials,

    EmailTaken,

    /// <summary>A registration without the proof of work new players are asked for: nothing was made.</summary>
    ProofOfWorkMissing,

    /// <summary>A registration whose proof of work made a player before: nothing was made.</summary>
    ProofOfWorkUsed,

    /// <summary>A registration whose proof of work expired before it was spent: nothing was made.</summary>
    ProofOfWorkExpired,
}
