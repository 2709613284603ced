namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.WalletLinkStatus")]
public enum WalletLinkStatus
{
    Linked,

    /// <summary>The player has this wallet already; nothing changed.</summary>
    AlreadyLinked,

    /// <summary>Another player holds this wallet.</summary>
    TakenByAnotherPlayer,

    /// <summary>The player has a different wallet; changing it is not supported yet.</summary>
    AnotherWalletLinked,

    NoSuchPlayer,
}
