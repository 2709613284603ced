namespace Faucet.Tests.Simulation;

/// <summary>
/// One step of a simulated schedule. Every step names what it acts on by small indices (player 3, purchase 7), never by
/// what an earlier step returned, so any subsequence of a schedule is a schedule too: that is what lets a failing run be
/// shrunk by dropping steps. A step that does not apply when it comes (cancel a job never started) does nothing.
/// </summary>
public abstract record SimOp
{
    /// <summary>Fortnite says the player's lifetime kills are <paramref name="Lifetime"/>; <paramref name="Deliveries"/>
    /// copies of the report arrive.</summary>
    public sealed record KillCount(int Player, long Lifetime, int Deliveries) : SimOp;

    /// <summary>A run of clicks accrued under nonce <paramref name="Nonce"/>; a replay sends the same nonce again, a forged
    /// replay the same nonce with another amount.</summary>
    public sealed record Clicks(int Player, int Nonce, long Milli, Replay Kind) : SimOp;

    /// <summary>The player links wallet <paramref name="Wallet"/> of <paramref name="Owner"/>'s set (another player's
    /// wallet when the two differ).</summary>
    public sealed record LinkWallet(int Player, int Owner, int Wallet) : SimOp;

    /// <summary><paramref name="Ticks"/> scheduler ticks at once; with <paramref name="KillsMeanwhile"/>, kills arrive while
    /// the round pays.</summary>
    public sealed record Round(int Ticks, bool KillsMeanwhile) : SimOp;

    public sealed record Advance(Jump To, int Amount) : SimOp;

    /// <summary>Donor <paramref name="Donor"/> sends <paramref name="Ban"/> BAN to the donation address, received at once or
    /// (<paramref name="ReceivedLater"/>) seen receivable first; the faucet is asked to look after each.</summary>
    public sealed record Donate(int Donor, int Ban, bool ReceivedLater) : SimOp;

    /// <summary>A purchase through Stripe Checkout, or (<paramref name="Saved"/>) paid at once with the player's saved card.</summary>
    public sealed record Buy(int Player, int Purchase, int Package, bool Saved) : SimOp;

    /// <summary>Stripe's webhook says something of a purchase's Checkout Session, <paramref name="Deliveries"/> times.</summary>
    public sealed record Webhook(int Purchase, Faucet.Purchases.PurchaseStatus Says, int Deliveries) : SimOp;

    /// <summary>An operator asks to refund a purchase.</summary>
    public sealed record Refund(int Purchase) : SimOp;

    /// <summary>A refund made at Stripe of <paramref name="Percent"/> of the purchase's amount more (the total at most all
    /// of it), its event delivered <paramref name="Deliveries"/> times.</summary>
    public sealed record StripeRefund(int Purchase, int Percent, int Deliveries) : SimOp;

    /// <summary>The buyer disputes the payment at Stripe if no dispute is open; an open one is decided, for the seller if
    /// <paramref name="Won"/>. Each event delivered <paramref name="Deliveries"/> times.</summary>
    public sealed record Dispute(int Purchase, bool Won, int Deliveries) : SimOp;

    public sealed record Pull(int Player, int PullNo) : SimOp;

    /// <summary>A guaranteed job; a hard one runs until cancelled.</summary>
    public sealed record StartJob(int Player, int Job, bool Hard) : SimOp;

    public sealed record CancelJob(int Job) : SimOp;

    /// <summary>New caps in <c>payout.yaml</c>, then every silo restarted to read them.</summary>
    /// <param name="DailyBanHundredths">The daily BAN cap in hundredths of a BAN (null: none), and so the weekly.</param>
    public sealed record ChangeCaps(int Daily, int Weekly, int? DailyBanHundredths, int? WeeklyBanHundredths) : SimOp;

    /// <summary>The operator wallet's balance on the node, below the floor or well above it.</summary>
    public sealed record OperatorBalance(bool BelowFloor) : SimOp;

    /// <summary>The node misbehaves on its next requests, in this order.</summary>
    public sealed record NodeFaults(IReadOnlyList<NodeFault> Faults, bool SendsOnly) : SimOp
    {
        public override string ToString() => $"NodeFaults {{ Faults = [{string.Join(", ", Faults)}], SendsOnly = {SendsOnly} }}";
    }

    /// <summary>The node answers this much slower from now on (0: at once again).</summary>
    public sealed record NodeLatency(int Milliseconds) : SimOp;

    /// <summary>A silo stops (abruptly: its shutdown is cancelled) and a new one takes its place.</summary>
    public sealed record RestartSilo(int Slot, bool Abrupt) : SimOp;

    /// <summary>PostgreSQL closes every connection the cluster holds.</summary>
    public sealed record DropConnections : SimOp;

    public enum Replay
    {
        None,
        Same,
        OtherAmount,
    }

    public enum Jump
    {
        Minutes,
        Hours,

        /// <summary>To a second before (amount 0) or after (1) the next midnight of <c>reset_tz</c>.</summary>
        Midnight,

        /// <summary>To a second before (0) or after (1) the next Monday 00:00 of <c>reset_tz</c>.</summary>
        Monday,
    }

    public enum NodeFault
    {
        Hang,
        HttpError,
        NodeError,
        Garbage,
        LoseReply,
    }
}
