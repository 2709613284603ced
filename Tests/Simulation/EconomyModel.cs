using Faucet.Players;
using Faucet.Purchases;

namespace Faucet.Tests.Simulation;

/// <summary>
/// What the faucet's money should be, worked out in plain C# from the operations alone: no Orleans, no database, and
/// none of the faucet's own policy classes, so that a mistake there is not repeated here. The driver applies each
/// operation to the model and to the cluster, and the auditor compares the two.
/// Settlement is the one place where the faucet chooses (random order, the node's answers): there the model does not
/// guess, it checks each round's payouts against the rules (the caps, the wallet, the floor) and then takes them in.
/// </summary>
public sealed class EconomyModel(ModelRules rules)
{
    private readonly Dictionary<string, int> walletOwners = new(StringComparer.Ordinal);

    public ModelRules Rules { get; } = rules;

    public ModelPlayer[] Players { get; } = Enumerable.Range(0, ScheduleGenerator.Players).Select(i => new ModelPlayer(i)).ToArray();

    public DateTimeOffset Now { get; set; }

    public ModelCaps Caps { get; set; } = rules.InitialCaps;

    public bool OperatorBelowFloor { get; set; }

    /// <summary>Every payout the cluster made, by id, as last read.</summary>
    public Dictionary<string, ModelPayout> Payouts { get; } = new(StringComparer.Ordinal);

    /// <summary>The caps each round that ran was under, by round number.</summary>
    public Dictionary<long, ModelCaps> RoundCaps { get; } = [];

    public Dictionary<int, ModelPurchase> Purchases { get; } = [];

    public Dictionary<int, ModelJob> Jobs { get; } = [];

    /// <summary>The donations made, by the donor's send block: how much, and when the faucet recorded it.</summary>
    public Dictionary<string, (UInt128 Raw, DateTimeOffset FoundAt)> Donations { get; } = [];

    /// <summary>The raw BAN a report of <paramref name="lifetime"/> kills accrues (zero when the count did not grow).</summary>
    public UInt128 Kills(int player, long lifetime)
    {
        var p = Players[player];
        if (lifetime <= p.KillCursor)
        {
            return 0;
        }
        var unboosted = (UInt128)(lifetime - p.KillCursor) * Rules.RawPerKill;
        var accrued = Rules.BoostAt("kills", Now, Donations.Values) is { } boost ? boost.Apply(unboosted) : unboosted;
        p.KillCursor = lifetime;
        p.Accrued += accrued;
        return accrued;
    }

    /// <summary>Clicks under a nonce: accrued the first time; the same again is a repeat; other data is a conflict.</summary>
    public ClickVerdict Clicks(int player, int nonce, long milli)
    {
        var p = Players[player];
        if (p.ClickNonces.TryGetValue(nonce, out var first))
        {
            return first == milli ? ClickVerdict.Repeat : ClickVerdict.Conflict;
        }
        p.ClickNonces[nonce] = milli;
        p.Accrued += (UInt128)milli * Rules.RawPerMilliBan;
        return ClickVerdict.Accrued;
    }

    public WalletLinkStatus Link(int player, string wallet)
    {
        var p = Players[player];
        if (p.Wallet == wallet)
        {
            return WalletLinkStatus.AlreadyLinked;
        }
        if (p.Wallet is not null && Now < p.WalletLinkedAt + Rules.WalletCooldown)
        {
            return WalletLinkStatus.ChangeTooSoon;
        }
        if (walletOwners.TryGetValue(wallet, out var owner) && owner != player)
        {
            return WalletLinkStatus.TakenByAnotherPlayer;
        }
        walletOwners[wallet] = player;
        var status = p.Wallet is null ? WalletLinkStatus.Linked : WalletLinkStatus.Changed;
        p.Wallet = wallet;
        p.WalletLinkedAt = Now;
        return status;
    }

    /// <summary>What the player has earned and not been paid, nor has in flight: accrued less every payout that did not fail.</summary>
    public UInt128 Pending(int player) => Players[player].Accrued - Counted(player).Aggregate(UInt128.Zero, (sum, p) => sum + p.Amount);

    public IEnumerable<ModelPayout> Counted(int player) => Payouts.Values.Where(p => p.Player == player && p.Status != ModelPayoutStatus.Failed);

    public bool HasInFlight(int player) => Payouts.Values.Any(p => p.Player == player && p.Status == ModelPayoutStatus.Pending);

    /// <summary>What a round at <see cref="Now"/> should pay the player under the caps in force: their pending BAN, unless it
    /// is below the payout threshold or a count cap of the day or week of <c>reset_tz</c> is used up, shortened to what the
    /// amount caps leave.</summary>
    public UInt128 Due(int player)
    {
        var p = Players[player];
        var pending = Pending(player);
        if (p.Wallet is null || pending == 0 || pending < Rules.MinPayout)
        {
            return 0;
        }
        var today = Rules.LocalDay(Now);
        var week = ModelRules.WeekOf(today);
        int countDay = 0, countWeek = 0;
        UInt128 paidDay = 0, paidWeek = 0;
        foreach (var payout in Counted(player))
        {
            var day = Rules.LocalDay(payout.At);
            if (ModelRules.WeekOf(day) == week)
            {
                countWeek++;
                paidWeek += payout.Amount;
                if (day == today)
                {
                    countDay++;
                    paidDay += payout.Amount;
                }
            }
        }
        if (countDay >= Caps.Daily || countWeek >= Caps.Weekly)
        {
            return 0;
        }
        var due = pending;
        if (Caps.DailyBan is { } dailyBan)
        {
            due = UInt128.Min(due, dailyBan > paidDay ? dailyBan - paidDay : 0);
        }
        if (Caps.WeeklyBan is { } weeklyBan)
        {
            due = UInt128.Min(due, weeklyBan > paidWeek ? weeklyBan - paidWeek : 0);
        }
        return due;
    }

    /// <summary>A free pull if today (UTC) has one left, else the price if the balance pays it, else nothing.</summary>
    public PullCharge Pull(int player, int pullNo)
    {
        var p = Players[player];
        if (p.Pulls.Contains(pullNo))
        {
            return PullCharge.Repeat;
        }
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        if (p.FreePullDay != day)
        {
            (p.FreePullDay, p.FreePullsUsed) = (day, 0);
        }
        if (p.FreePullsUsed < Rules.FreePullsPerDay)
        {
            p.FreePullsUsed++;
        }
        else if (p.Tokens >= Rules.PullPrice)
        {
            p.Tokens -= Rules.PullPrice;
        }
        else
        {
            return PullCharge.NotEnough;
        }
        p.Pulls.Add(pullNo);
        return PullCharge.Paid;
    }

    /// <summary>What the webhook saying <paramref name="says"/> does to a purchase: Stripe's steps move it only forward,
    /// and the tokens are credited once, when it completes.</summary>
    public void Webhook(ModelPurchase purchase, PurchaseStatus says)
    {
        var moves = (purchase.Status, says) switch
        {
            (PurchaseStatus.Pending, PurchaseStatus.Processing) => true,
            (PurchaseStatus.Pending or PurchaseStatus.Processing, PurchaseStatus.Completed or PurchaseStatus.Failed) => true,
            (PurchaseStatus.Pending, PurchaseStatus.Cancelled) => true,
            _ => false,
        };
        if (moves)
        {
            purchase.Status = says;
            if (says == PurchaseStatus.Completed)
            {
                Players[purchase.Player].Tokens += Rules.PackageTokens[purchase.Package];
                purchase.Credited = true;
            }
        }
    }

    /// <summary>A purchase paid at once with a saved card: completed and credited as it starts.</summary>
    public void PaidAtOnce(ModelPurchase purchase)
    {
        purchase.Status = PurchaseStatus.Completed;
        purchase.Credited = true;
        Players[purchase.Player].Tokens += Rules.PackageTokens[purchase.Package];
    }

    /// <summary>Stripe refunds <paramref name="percent"/> of the amount more, if the payment can be refunded (paid, not
    /// refunded in full, no dispute open): the refunded share of the tokens, rounded up, less what earlier refunds called
    /// for, is taken back, at most the balance. False if Stripe would refuse the refund.</summary>
    public bool StripeRefund(ModelPurchase purchase, int percent)
    {
        var price = Rules.PackagePrices[purchase.Package];
        var tokens = Rules.PackageTokens[purchase.Package];
        if (purchase.Status != PurchaseStatus.Completed || purchase.RefundedMinor >= price)
        {
            return false;
        }
        var total = Math.Min(price, purchase.RefundedMinor + Math.Max(1, price * percent / 100));
        var owed = Math.Min(tokens, (tokens * total + price - 1) / price);
        var taken = Math.Min(owed - purchase.TokensOwed, Players[purchase.Player].Tokens);
        Players[purchase.Player].Tokens -= taken;
        purchase.TakenByRefunds += taken;
        purchase.TokensOwed = owed;
        purchase.RefundedMinor = total;
        if (total >= price)
        {
            purchase.Status = PurchaseStatus.Refunded;
        }
        return true;
    }

    /// <summary>A dispute of the whole payment opens (holding the tokens refunds have not called for, at most the balance)
    /// or, open, is decided: won releases the held tokens, lost keeps them and refunds the purchase. False if there is
    /// nothing to dispute or decide.</summary>
    public bool Dispute(ModelPurchase purchase, bool won)
    {
        if (purchase.DisputeRef is null && purchase.Status == PurchaseStatus.Completed)
        {
            purchase.DisputeRef = "dp_" + purchase.PurchaseId;
            purchase.Held = Math.Min(Rules.PackageTokens[purchase.Package] - purchase.TokensOwed, Players[purchase.Player].Tokens);
            Players[purchase.Player].Tokens -= purchase.Held;
            purchase.Status = PurchaseStatus.Disputed;
            return true;
        }
        if (purchase.Status != PurchaseStatus.Disputed)
        {
            return false;
        }
        purchase.DisputeWon = won;
        if (won)
        {
            Players[purchase.Player].Tokens += purchase.Held;
        }
        purchase.Status = won ? PurchaseStatus.Completed : PurchaseStatus.Refunded;
        return true;
    }

    /// <summary>The refund rule of a cancelled job: the share of the price its attempts have not used, rounded down.</summary>
    public static long JobRefund(long price, long attempts, double expected) =>
        (long)Math.Floor(price * (1 - Math.Min(1.0, attempts / expected)));
}

public enum ClickVerdict
{
    Accrued,
    Repeat,
    Conflict,
}

public enum PullCharge
{
    Paid,
    Repeat,
    NotEnough,
}

public enum ModelPayoutStatus
{
    Pending,
    Sent,
    Failed,
}

public sealed class ModelPlayer(int index)
{
    public int Index { get; } = index;

    /// <summary>Every raw BAN the player earned: kills and clicks.</summary>
    public UInt128 Accrued { get; set; }

    public long KillCursor { get; set; }

    public Dictionary<int, long> ClickNonces { get; } = [];

    public string? Wallet { get; set; }

    public DateTimeOffset WalletLinkedAt { get; set; }

    public long Tokens { get; set; }

    public DateOnly FreePullDay { get; set; }

    public int FreePullsUsed { get; set; }

    public HashSet<int> Pulls { get; } = [];
}

/// <param name="Source">The source account recorded with the payout when its round wrote it.</param>
public sealed record ModelPayout(string Id, int Player, long Round, string Destination, UInt128 Amount, DateTimeOffset At, string? Source)
{
    public ModelPayoutStatus Status { get; set; }

    public string? Block { get; set; }
}

public sealed record ModelCaps(int Daily, int Weekly, UInt128? DailyBan, UInt128? WeeklyBan);

public sealed class ModelPurchase(int player, int package, string purchaseId, string checkoutRef)
{
    public int Player { get; } = player;
    public int Package { get; } = package;
    public string PurchaseId { get; } = purchaseId;
    public string CheckoutRef { get; } = checkoutRef;
    public PurchaseStatus Status { get; set; } = PurchaseStatus.Pending;

    /// <summary>Paid at once with a saved card: its checkout is the PaymentIntent.</summary>
    public bool Saved { get; init; }

    /// <summary>The PaymentIntent its paid session names, or, paid with a saved card, its own.</summary>
    public string PaymentRef => Saved ? CheckoutRef : "pi_" + CheckoutRef;

    public bool Credited { get; set; }

    /// <summary>What Stripe refunded in all, and the tokens those refunds called for and took.</summary>
    public long RefundedMinor { get; set; }

    public long TokensOwed { get; set; }

    public long TakenByRefunds { get; set; }

    /// <summary>Null before any dispute; then open (null outcome) and decided.</summary>
    public string? DisputeRef { get; set; }

    public bool? DisputeWon { get; set; }

    public long Held { get; set; }
}

public sealed class ModelJob(int player, string jobId, long price, double expected)
{
    public int Player { get; } = player;
    public string JobId { get; } = jobId;
    public long Price { get; } = price;
    public double Expected { get; } = expected;

    /// <summary>Null while running (or found); the refund once cancelled.</summary>
    public long? Refunded { get; set; }
}

/// <summary>The configuration the model works from, written out independently of the faucet's option classes.</summary>
public sealed record ModelRules(
    UInt128 RawPerKill,
    UInt128 RawPerMilliBan,
    TimeSpan WalletCooldown,
    int FreePullsPerDay,
    long PullPrice,
    IReadOnlyList<long> PackageTokens,
    IReadOnlyList<long> PackagePrices,
    TimeZoneInfo Zone,
    ModelCaps InitialCaps,
    UInt128 MinPayout,
    IReadOnlyList<ModelBoost> KillBoosts,
    IReadOnlyList<ModelMilestone> Milestones)
{
    /// <summary>The boost an accrual of <paramref name="kind"/> (<c>kills</c> or <c>clicks</c>; a grant is never boosted)
    /// at <paramref name="at"/> earns under, if any: the scheduled one (the simulation schedules boosts of kills only) or
    /// the donation milestone that <paramref name="donations"/> (each with when the faucet recorded it) reach in that
    /// week by then, whichever multiplies more (the scheduled one on a tie).</summary>
    public ModelBoost? BoostAt(string kind, DateTimeOffset at, IEnumerable<(UInt128 Raw, DateTimeOffset FoundAt)> donations)
    {
        if (kind is not ("kills" or "clicks"))
        {
            return null;
        }
        var scheduled = kind == "kills" ? KillBoosts.FirstOrDefault(b => b.Start <= at && at < b.End) : null;
        var week = Faucet.Settlement.CapWindows.At(at, Zone);
        var donated = donations.Where(d => d.FoundAt >= week.WeekStart && d.FoundAt <= at).Aggregate(UInt128.Zero, (sum, d) => sum + d.Raw);
        var milestone = Milestones.LastOrDefault(m => donated >= m.Raw);
        return milestone is not null && (scheduled is null || milestone.Multiplier > scheduled.Multiplier)
            ? new ModelBoost(milestone.Name, week.WeekStart, week.WeekEnd, milestone.Multiplier)
            : scheduled;
    }

    public DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The Monday of the week <paramref name="day"/> falls in.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}

/// <summary>A scheduled boost of kills: from <see cref="Start"/> until just before <see cref="End"/>, kills earn
/// <see cref="Multiplier"/> times as much, rounded down to the raw.</summary>
public sealed record ModelBoost(string Name, DateTimeOffset Start, DateTimeOffset End, decimal Multiplier)
{
    public UInt128 Apply(UInt128 unboosted) => unboosted * (UInt128)decimal.ToUInt64(Multiplier * 100) / 100;
}

/// <summary>A donation milestone: once a week's donations reach <see cref="Raw"/>, kills earn <see cref="Multiplier"/>
/// times as much for the rest of the week.</summary>
public sealed record ModelMilestone(string Name, UInt128 Raw, decimal Multiplier);
