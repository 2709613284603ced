namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.EpicLinkRefreshStatus")]
public enum EpicLinkRefreshStatus
{
    /// <summary>Yunite answered, and its answer is recorded.</summary>
    Refreshed,

    NoSuchPlayer,

    /// <summary>The player never signed in with Discord, and Yunite looks players up by Discord account.</summary>
    NoDiscordAccount,

    /// <summary>Yunite could not say (see the problem); what was recorded before stands.</summary>
    YuniteUnavailable,
}
