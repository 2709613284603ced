namespace Faucet.Players;

/// <summary>What Yunite said of a player's Discord account when it was last asked.</summary>
[GenerateSerializer, Alias("faucet.EpicLinkStatus")]
public enum EpicLinkStatus
{
    /// <summary>Registered and linked to an Epic account: kills can be verified, payouts flow.</summary>
    Linked,

    /// <summary>In the server but not linked to an Epic account: no payouts until it is.</summary>
    NotLinked,

    /// <summary>Unknown to Yunite (not registered in the server): no payouts until it is.</summary>
    NotFound,
}
