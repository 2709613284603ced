namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.WalletLinkStatus")]
public enum WalletLinkStatus
{
    Linked,

    /// <summary>The player has this wallet already; nothing changed.</summary>
    AlreadyLinked,

    /// <summary>Another player holds this wallet.</summary>
    TakenByAnotherPlayer,

    /// <summary>No longer answered (a wallet can be changed after a cooldown); kept so the numbers stay put.</summary>
    AnotherWalletLinked,

    NoSuchPlayer,

    /// <summary>The player had a different wallet, linked longer ago than the cooldown: this one replaces it. The old
    /// one stays claimed by the player, so that nobody else can be paid to it.</summary>
    Changed,

    /// <summary>The player has a different wallet, linked too recently to change it yet.</summary>
    ChangeTooSoon,
}
