namespace Faucet.Payouts;

[GenerateSerializer, Alias("faucet.ManualPayoutDecision")]
public enum ManualPayoutDecision
{
    /// <summary>Approved (now or before) and its payout made, or handed on; see the payout.</summary>
    Paid,

    NoSuchRequest,

    /// <summary>The admin who asked for it cannot be the one who approves it.</summary>
    SameAdmin,

    /// <summary>Rejected before; nothing is paid.</summary>
    AlreadyRejected,

    /// <summary>Approved before, so it cannot be rejected.</summary>
    AlreadyApproved,

    /// <summary>Rejected now.</summary>
    Rejected,

    /// <summary>Recorded, and waiting for a second admin's approval.</summary>
    AwaitingApproval,

    /// <summary>The player is banned now: nothing is paid (the request stays approved and can be paid once the ban is
    /// lifted).</summary>
    PlayerBanned,

    /// <summary>No player has the id asked for.</summary>
    NoSuchPlayer,

    /// <summary>The player has linked no wallet, so there is nowhere to pay.</summary>
    NoWallet,

    /// <summary>The Idempotency-Key was used for a request that asked for something else (see the request).</summary>
    KeyReused,
}
