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
}
