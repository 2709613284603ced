namespace Faucet.Sessions;

[GenerateSerializer, Alias("faucet.DiscordSignInStatus")]
public enum DiscordSignInStatus
{
    SignedIn,

    /// <summary>Discord refused the code: used, expired or not this faucet's.</summary>
    CodeRefused,

    /// <summary>Discord could not be reached or answered unexpectedly; trying again may work.</summary>
    DiscordUnavailable,

    /// <summary>The Discord account is not a member of the faucet's Discord server; no player is made.</summary>
    NotAMember,

    /// <summary>The Discord account has no player yet and a proof of work is asked of new players, but the sign-in did
    /// not bring one (or brought one used before); no player is made.</summary>
    ProofOfWorkNeeded,
}
