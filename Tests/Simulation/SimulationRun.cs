using Faucet.PaymentMethods;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Purchases;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tokens;
using Faucet.Vanity;
using static Faucet.Tests.Simulation.SimOp;

namespace Faucet.Tests.Simulation;

/// <summary>
/// Runs one schedule against a fresh <see cref="SimulationWorld"/> and the <see cref="EconomyModel"/> side by side. Each
/// call into the cluster is delivered until it gets an answer (a fault may lose the first; every command is keyed, so a
/// repeat is a duplicate delivery, which the faucet must absorb). After every step the touched accounts are compared
/// with the model; after every round, every hundred steps and at the end the <see cref="Auditor"/> checks the whole
/// economy. A broken rule stops the run with a <see cref="SimulationFailedException"/> naming the seed and the step.
/// </summary>
public sealed class SimulationRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>How long past its backoff a payout may wait for its next attempt once the node behaves.</summary>
    private static readonly TimeSpan LivenessBound = TimeSpan.FromSeconds(20);
    private static readonly string[] Zones = ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"];
    private static readonly string[] Packages = ["starter", "popular", "power", "whale"];
    private static readonly long[] PackageTokens = [100, 500, 2500, 10000];
    private static readonly long[] PackagePrices = [99, 399, 1499, 4999];
    private static readonly UInt128 OperatorFunds = BanAmount.Parse("1000").Raw;
    private static readonly UInt128 OperatorShort = BanAmount.Parse("10").Raw;

    /// <summary>The payout threshold: a kill (2.1 BAN) is over it, a player who only clicks needs a thousand clicks.</summary>
    private static readonly UInt128 MinPayout = BanAmount.Parse("1").Raw;

    private static readonly string DonationAddress = BananoAddress.FromPublicKey(SHA256.HashData("simulated donations"u8)).Value;

    private static readonly ModelMilestone[] Milestones =
    [
        new(Faucet.Boosts.BoostSchedule.MilestoneName(0), BanAmount.Parse("500").Raw, 1.5m),
        new(Faucet.Boosts.BoostSchedule.MilestoneName(1), BanAmount.Parse("1500").Raw, 4),
    ];
    private static readonly VanityRequest PullPattern = new(["Z"], CaseInsensitive: false, Fuzzy: false);

    private readonly int seed;
    private readonly IReadOnlyList<(int Index, SimOp Op)> schedule;
    private readonly PostgresServer postgres;
    private readonly SimulationReport report = new();
    private readonly string[] users = new string[ScheduleGenerator.Players];
    private SimulationWorld world = null!;
    private EconomyModel model = null!;
    private Auditor auditor = null!;
    private int step = -1;
    private SimOp? current;

    public SimulationRun(int seed, IReadOnlyList<(int Index, SimOp Op)> schedule, PostgresServer postgres)
    {
        this.seed = seed;
        this.schedule = schedule;
        this.postgres = postgres;
    }

    public async Task<SimulationReport> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var setup = new Random(seed);
        var zone = Zones[setup.Next(Zones.Length)];
        var daily = 1 + setup.Next(3);
        var caps = new ModelCaps(daily, daily + setup.Next(4), null, setup.Next(3) == 0 ? Raw(500 + setup.Next(3000)) : null);
        // Early March: New York's clocks go forward on 8 March, within most runs; Auckland's go back on 5 April, within long ones.
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddMinutes(setup.Next(7 * 24 * 60));
        var boosts = KillBoosts(setup, start, TimeZoneInfo.FindSystemTimeZoneById(zone));
        model = new EconomyModel(new ModelRules(
            BanAmount.Parse("2.1").Raw, BanAmount.Parse("0.001").Raw, TimeSpan.FromHours(24), 1, 10, PackageTokens, PackagePrices,
            TimeZoneInfo.FindSystemTimeZoneById(zone), caps, MinPayout, boosts, Milestones)) { Now = start };
        report.Zone = zone;

        world = await SimulationWorld.StartAsync(postgres, start, zone,
        [
            ("payout.yaml", "wallet_change_cooldown_hours", "wallet_change_cooldown_hours: 24"),
            ("payout.yaml", "scheduler_minutes", "scheduler_minutes: 1440"),
            ("payout.yaml", "min_payout_ban", $"min_payout_ban: {BanAmount.FromRaw(MinPayout)}"),
            ("payout.yaml", "boosts", BoostsLine(boosts, TimeZoneInfo.FindSystemTimeZoneById(zone))),
            ("payout.yaml", "donation_milestones", "donation_milestones: [" + string.Join(", ", Milestones.Select(m =>
                $"{{ban: {BanAmount.FromRaw(m.Raw)}, multiplier: {m.Multiplier.ToString(CultureInfo.InvariantCulture)}}}")) + "]"),
            ("integrations.yaml", "donation_address", $"donation_address: {DonationAddress}"),
            // The simulation asks the faucet to look after each donation; the grain's own looks, rare, would only take
            // node faults meant for payouts.
            ("integrations.yaml", "donation_check_seconds", "donation_check_seconds: 3600"),
            .. CapLines(caps),
            ("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 200"),
            ("product.yaml", "free_pulls_per_day", "free_pulls_per_day: 1"),
            ("product.yaml", "job_slice_seconds", "job_slice_seconds: 1"),
        ]);
        try
        {
            auditor = new Auditor(world, model, users, DeliverAsync);
            world.FundSourceAccounts(OperatorFunds);
            for (var i = 0; i < users.Length; i++)
            {
                users[i] = UserId.New(TimeProvider.System).Value;
                var user = users[i];
                await DeliverAsync(() => world.Grains.GetGrain<IPlayerGrain>(user).CreateAsync($"Player {i}", IdentityKey.Parse($"email:{user}@example.org")));
                // Accepted at sign-up, as the player app asks: the simulation's players buy, pull and start jobs.
                await DeliverAsync(async () =>
                {
                    var player = world.Grains.GetGrain<IPlayerGrain>(user);
                    return await player.AcceptTermsAsync((await player.GetTermsAsync()).Version, ageConfirmed: true);
                });
            }

            // A long run audits less often: each audit reads every table whole.
            var longRun = schedule.Count > 5000;
            foreach (var (index, op) in schedule)
            {
                (step, current) = (index, op);
                await ApplyAsync(op);
                report.Operations++;
                if ((op is Round && !longRun) || report.Operations % (longRun ? 1000 : 50) == 0)
                {
                    await auditor.AuditAsync(quiet: false);
                }
            }
            (step, current) = (schedule.Count == 0 ? 0 : schedule[^1].Index + 1, null);
            await SettleEverythingAsync();
            await auditor.AuditAsync(quiet: true);
        }
        catch (Exception e) when (e is not SimulationFailedException)
        {
            throw new SimulationFailedException(seed, step, current, e.Message, e);
        }
        finally
        {
            await world.DisposeAsync();
        }
        report.Elapsed = clock.Elapsed;
        report.Sent = model.Payouts.Values.Count(p => p.Status == ModelPayoutStatus.Sent);
        report.Failed = model.Payouts.Values.Count(p => p.Status == ModelPayoutStatus.Failed);
        return report;
    }

    private Task ApplyAsync(SimOp op) => op switch
    {
        KillCount k => KillsAsync(k.Player, k.Lifetime, k.Deliveries),
        Clicks c => ClicksAsync(c),
        LinkWallet l => LinkAsync(l),
        SimOp.Round r => RoundAsync(r),
        Advance a => Advance(a),
        Donate d => DonateAsync(d),
        Buy b => BuyAsync(b),
        Webhook w => WebhookAsync(w),
        Refund r => RefundAsync(r),
        StripeRefund r => StripeRefundAsync(r),
        Dispute d => DisputeAsync(d),
        Pull p => PullAsync(p),
        StartJob j => StartJobAsync(j),
        CancelJob j => CancelJobAsync(j.Job),
        ChangeCaps c => ChangeCapsAsync(c),
        OperatorBalance o => SetOperatorBalance(o.BelowFloor),
        NodeFaults f => InjectNodeFaults(f),
        NodeLatency l => SetNodeLatency(l.Milliseconds),
        RestartSilo s => RestartSiloAsync(s),
        DropConnections => DropConnectionsAsync(),
        _ => throw new InvalidOperationException($"No simulation of {op}"),
    };

    private Task SetOperatorBalance(bool belowFloor)
    {
        world.FundSourceAccounts(belowFloor ? OperatorShort : OperatorFunds);
        model.OperatorBelowFloor = belowFloor;
        return Task.CompletedTask;
    }

    private Task SetNodeLatency(int milliseconds)
    {
        world.Node.Latency = TimeSpan.FromMilliseconds(milliseconds);
        return Task.CompletedTask;
    }

    private Task RestartSiloAsync(RestartSilo s)
    {
        report.Count(s.Abrupt ? "silo killed" : "silo stopped");
        return world.RestartSiloAsync(s.Slot, s.Abrupt);
    }

    private Task DropConnectionsAsync()
    {
        report.Count("database connections dropped");
        return world.DropConnectionsAsync();
    }

    private async Task KillsAsync(int player, long lifetime, int deliveries)
    {
        if (model.Kills(player, lifetime) > 0 && model.Rules.BoostAt("kills", model.Now, model.Donations.Values) is { } boost)
        {
            report.Count(Milestones.Any(m => m.Name == boost.Name) ? "kills boosted by donations" : "kills boosted");
        }
        var account = world.Grains.GetGrain<IRewardAccountGrain>(users[player]);
        for (var i = 0; i < deliveries; i++)
        {
            await DeliverAsync(() => account.AccrueKillsAsync(lifetime));
        }
        await CheckBanAsync(player);
        var cursor = (await DeliverAsync(account.GetBalanceAsync)).KillCursor;
        Check(cursor == model.Players[player].KillCursor, $"player {player}'s kill cursor is {cursor}, not {model.Players[player].KillCursor}");
    }

    private async Task ClicksAsync(Clicks c)
    {
        var verdict = model.Clicks(c.Player, c.Nonce, c.Milli);
        var account = world.Grains.GetGrain<IRewardAccountGrain>(users[c.Player]);
        var amount = BanAmount.FromRaw((UInt128)c.Milli * model.Rules.RawPerMilliBan);
        var refused = false;
        try
        {
            // An accrual of any amount under a caller's key reaches an account one way in production, as a grant (an
            // operator's manual payout); the clicker's own runs carry no key of the caller's.
            await DeliverAsync(() => account.GrantAsync($"nonce-{c.Nonce}", amount));
        }
        catch (RewardConflictException)
        {
            refused = true;
        }
        Check(refused == (verdict == ClickVerdict.Conflict), refused
            ? $"clicks under nonce {c.Nonce} were refused; the model says {verdict}"
            : "clicks under a used nonce with another amount were accrued");
        report.Count(verdict switch { ClickVerdict.Repeat => "click nonce replayed", ClickVerdict.Conflict => "click nonce forged", _ => "clicks accrued" });
        await CheckBanAsync(c.Player);
    }

    private async Task LinkAsync(LinkWallet l)
    {
        var wallet = Wallet(l.Owner, l.Wallet);
        var expected = model.Link(l.Player, wallet.Value);
        var (status, deliveries) = await DeliverCountingAsync(() => world.Grains.GetGrain<IPlayerGrain>(users[l.Player]).LinkWalletAsync(wallet));
        // A link whose answer was lost is answered "already linked" when delivered again.
        var lostAnswer = deliveries > 1 && status == WalletLinkStatus.AlreadyLinked && expected is WalletLinkStatus.Linked or WalletLinkStatus.Changed;
        Check(status == expected || lostAnswer, $"player {l.Player} linking {wallet}: {status}, expected {expected}");
        report.Count("wallet " + expected.ToString().ToLowerInvariant());
    }

    private async Task RoundAsync(SimOp.Round r)
    {
        await auditor.RefreshPayoutsAsync();
        var meanwhile = new HashSet<int>();
        var scheduler = world.Grains.GetGrain<ISettlementSchedulerGrain>("default");
        var ticks = Enumerable.Range(0, r.Ticks).Select(_ => DeliverAsync(() => scheduler.RunNowAsync("operator"))).ToList();
        if (r.KillsMeanwhile)
        {
            // Kills land while the round reads and reserves: the players they touch may be paid what they had before or
            // after, so the round is checked against the rules only, not the exact amounts, for them.
            var random = new Random(unchecked((seed * 397) ^ step));
            // A boost of kills that ends later today ends while the round runs: the first kill lands in its last minute,
            // the others once it has ended, and the round pays each what it was accrued as. (The clock stays within the
            // day, as the round's caps are the day's.)
            var ending = model.Rules.KillBoosts.FirstOrDefault(b => model.Now < b.End.AddMinutes(-1)
                && model.Rules.LocalDay(b.End) == model.Rules.LocalDay(model.Now));
            for (var i = 0; i < 3; i++)
            {
                if (ending is not null && i < 2)
                {
                    world.Clock.Set(model.Now = i == 0 ? ending.End.AddMinutes(-1) : ending.End);
                    report.Count(i == 0 ? "round in a boost's last minute" : "boost ended mid-round");
                }
                var player = random.Next(users.Length);
                meanwhile.Add(player);
                await KillsAsync(player, model.Players[player].KillCursor + 1 + random.Next(3), 1);
            }
        }
        var opened = (await Task.WhenAll(ticks)).Select(v => v.Number).Distinct().Order().ToList();
        var last = model.RoundCaps.Count == 0 ? 0 : model.RoundCaps.Keys.Max();
        Check(opened[0] > last, $"ticks answered round {opened[0]}, which ran before");
        for (var number = last + 1; number <= opened[^1]; number++)
        {
            var view = await FinishedAsync(number);
            await auditor.TakeRoundAsync(view, meanwhile);
            report.Count(view.Status == RoundStatus.Skipped ? "round skipped" : "round paid");
        }
        report.Count(r.Ticks > 1 ? "overlapping ticks" : "single tick");
    }

    /// <summary>Waits for a round to end: longer than a test would, since after dropped connections a round backs off for up
    /// to a minute between turns.</summary>
    private async Task<RoundView> FinishedAsync(long number)
    {
        var round = world.Grains.GetGrain<ISettlementRoundGrain>(number);
        await Eventually.HoldsAsync(async () => (await DeliverAsync(round.GetAsync)).Status is RoundStatus.Done or RoundStatus.Skipped,
            TimeSpan.FromMinutes(5), $"round {number} finishes");
        return await DeliverAsync(round.GetAsync);
    }

    private Task Advance(Advance a)
    {
        var now = model.Now;
        var zone = model.Rules.Zone;
        var next = a.To switch
        {
            Jump.Minutes => now.AddMinutes(a.Amount),
            Jump.Hours => now.AddHours(a.Amount),
            Jump.Midnight => LocalMidnight(model.Rules.LocalDay(now).AddDays(1)),
            _ => LocalMidnight(ModelRules.WeekOf(model.Rules.LocalDay(now)).AddDays(7)),
        };
        if (a.To is Jump.Midnight or Jump.Monday)
        {
            next = next.AddSeconds(a.Amount == 0 ? -1 : 1);
        }
        if (next <= now)
        {
            return Task.CompletedTask;
        }
        world.Clock.Set(next);
        model.Now = next;
        report.Count("clock " + a.To.ToString().ToLowerInvariant());
        return Task.CompletedTask;

        DateTimeOffset LocalMidnight(DateOnly day) =>
            new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }

    /// <summary>A donation, found once however the node shows it: the faucet is asked to look until the node answers,
    /// and the model takes when the faucet recorded it from the table (what the milestone in force is reckoned from).</summary>
    private async Task DonateAsync(Donate d)
    {
        var donor = BananoAddress.FromPublicKey(SHA256.HashData(BitConverter.GetBytes(7000 + d.Donor))).Value;
        var raw = BanAmount.Parse(d.Ban.ToString(CultureInfo.InvariantCulture)).Raw;
        var block = world.Node.Donate(donor, DonationAddress, raw, received: !d.ReceivedLater);
        await LookAtDonationsAsync();
        if (d.ReceivedLater)
        {
            world.Node.Receive(block);
            await LookAtDonationsAsync();
        }
        var foundAt = await Sql.ScalarAsync(world.Cluster.Database, $"SELECT found_at FROM donations WHERE send_block = '{block}'");
        Check(foundAt is DateTime, $"the donation in send block {block} was not recorded");
        model.Donations[block] = (raw, new DateTimeOffset((DateTime)foundAt!, TimeSpan.Zero));
        report.Count(d.ReceivedLater ? "donation seen receivable, then received" : "donation");
    }

    private async Task LookAtDonationsAsync()
    {
        var donations = world.Grains.GetGrain<Faucet.Donations.IDonationsGrain>(0);
        var deadline = DateTime.UtcNow + Patience;
        while (!(await DeliverAsync(() => donations.LookNowAsync("operator"))).NodeAnswered)
        {
            Check(DateTime.UtcNow < deadline, "the donation address was not looked at: the node never answered");
            report.Count("donation look the node did not answer");
        }
    }

    private async Task BuyAsync(Buy b)
    {
        if (model.Purchases.ContainsKey(b.Purchase))
        {
            return;
        }
        var purchaseId = $"purchase-{b.Purchase}";
        if (b.Saved)
        {
            await BuySavedAsync(b, purchaseId);
            return;
        }
        var order = new PurchaseOrder(users[b.Player], Packages[b.Package], "card");
        var grain = world.Grains.GetGrain<IPurchaseGrain>(purchaseId);
        var creation = await DeliverAsync(() => grain.CreateAsync(order));
        Check(creation.Status is PurchaseCreationStatus.Created or PurchaseCreationStatus.Repeated, $"purchase {purchaseId}: {creation.Status}");
        // Stripe not answering in time leaves the purchase without a session; the buyer asks again, which opens it.
        for (var again = 0; creation.Purchase?.CheckoutUrl is null && again < 10; again++)
        {
            creation = await DeliverAsync(() => grain.CreateAsync(order));
            Check(creation.Status == PurchaseCreationStatus.Repeated, $"purchase {purchaseId} asked again: {creation.Status}");
        }
        if (creation.Purchase?.CheckoutUrl is not { } url)
        {
            throw new SimulationFailedException(seed, step, current, $"purchase {purchaseId} opened no Checkout Session in eleven tries");
        }
        model.Purchases[b.Purchase] = new ModelPurchase(b.Player, b.Package, purchaseId, url[(url.LastIndexOf('/') + 1)..]);
        report.Count("purchase");
    }

    /// <summary>A purchase paid with the player's saved card (saved first if they have none): Stripe takes it at once.</summary>
    private async Task BuySavedAsync(Buy b, string purchaseId)
    {
        var methods = world.Grains.GetGrain<IPaymentMethodsGrain>(users[b.Player]);
        var saved = await DeliverAsync(methods.ListAsync);
        var card = saved.Count > 0 ? saved[0] : null;
        if (card is null)
        {
            // Saving again after a lost answer finds it saved.
            var answer = await DeliverAsync(() => methods.AddAsync("card", $"pm_card_visa__{b.Player}", false));
            Check(answer.Outcome is PaymentMethodOutcome.Saved or PaymentMethodOutcome.AlreadySaved, $"player {b.Player}'s card: {answer.Outcome} ({answer.Detail})");
            card = answer.Method!;
        }
        var order = new PurchaseOrder(users[b.Player], Packages[b.Package], "card", card.Id);
        var creation = await DeliverAsync(() => world.Grains.GetGrain<IPurchaseGrain>(purchaseId).CreateAsync(order));
        Check(creation is { Status: PurchaseCreationStatus.Created or PurchaseCreationStatus.Repeated, Purchase.Status: PurchaseStatus.Completed },
            $"purchase {purchaseId} with a saved card: {creation.Status}, {creation.Purchase?.Status} ({creation.Purchase?.FailureReason})");
        var intent = await world.Cluster.ScalarAsync($"SELECT checkout_ref FROM purchases WHERE purchase_id = '{purchaseId}'");
        var purchase = new ModelPurchase(b.Player, b.Package, purchaseId, intent!) { Saved = true };
        model.Purchases[b.Purchase] = purchase;
        model.PaidAtOnce(purchase);
        report.Count("purchase with a saved card");
        await CheckTokensAsync(b.Player);
    }

    private async Task WebhookAsync(Webhook w)
    {
        if (!model.Purchases.TryGetValue(w.Purchase, out var purchase))
        {
            return;
        }
        model.Webhook(purchase, w.Says);
        var grain = world.Grains.GetGrain<IPurchaseGrain>(purchase.PurchaseId);
        for (var i = 0; i < w.Deliveries; i++)
        {
            var view = await DeliverAsync(() => grain.CheckoutSaysAsync(purchase.CheckoutRef, w.Says, "webhook", purchase.PaymentRef));
            Check(view?.Status == purchase.Status, $"{purchase.PurchaseId} is {view?.Status} after the webhook said {w.Says}, expected {purchase.Status}");
        }
        report.Count(w.Deliveries > 1 ? "webhook duplicated" : "webhook");
        await CheckTokensAsync(purchase.Player);
    }

    private async Task RefundAsync(Refund r)
    {
        if (!model.Purchases.TryGetValue(r.Purchase, out var purchase))
        {
            return;
        }
        // A Stripe purchase is refunded in Stripe's dashboard: asked here, nothing changes.
        var refund = await DeliverAsync(() => world.Grains.GetGrain<IPurchaseGrain>(purchase.PurchaseId).RefundAsync("simulated refund", "simulation"));
        Check(refund is { RefundedNow: false } && refund.Purchase.Status == purchase.Status, $"{purchase.PurchaseId} was refunded by the faucet, though Stripe holds the money");
        report.Count("refund refused");
        await CheckTokensAsync(purchase.Player);
    }

    private async Task StripeRefundAsync(StripeRefund r)
    {
        if (!model.Purchases.TryGetValue(r.Purchase, out var purchase) || !model.StripeRefund(purchase, r.Percent))
        {
            return;
        }
        var grain = world.Grains.GetGrain<IPurchaseGrain>(purchase.PurchaseId);
        for (var i = 0; i < r.Deliveries; i++)
        {
            var view = await DeliverAsync(() => grain.ProviderRefundedAsync(purchase.PaymentRef, purchase.RefundedMinor));
            Check(view is { } v && v.Status == purchase.Status && v.RefundedMinor == purchase.RefundedMinor,
                $"{purchase.PurchaseId} is {view?.Status} with {view?.RefundedMinor} refunded after Stripe refunded {purchase.RefundedMinor}; expected {purchase.Status}");
        }
        report.Count("stripe refund");
        await CheckTokensAsync(purchase.Player);
    }

    private async Task DisputeAsync(Dispute d)
    {
        if (!model.Purchases.TryGetValue(d.Purchase, out var purchase) || !model.Dispute(purchase, d.Won))
        {
            return;
        }
        var grain = world.Grains.GetGrain<IPurchaseGrain>(purchase.PurchaseId);
        var amount = PackagePrices[purchase.Package];
        for (var i = 0; i < d.Deliveries; i++)
        {
            var view = await DeliverAsync(() => purchase.DisputeWon is { } won
                ? grain.DisputeClosedAsync(purchase.PaymentRef, purchase.DisputeRef!, amount, won)
                : grain.DisputeOpenedAsync(purchase.PaymentRef, purchase.DisputeRef!, amount));
            Check(view?.Status == purchase.Status, $"{purchase.PurchaseId} is {view?.Status} after its dispute's event; expected {purchase.Status}");
        }
        report.Count(purchase.DisputeWon is null ? "dispute opened" : "dispute decided");
        await CheckTokensAsync(purchase.Player);
    }

    private async Task PullAsync(Pull p)
    {
        var charge = model.Pull(p.Player, p.PullNo);
        var pullId = Faucet.Api.Json.IdempotencyKeys.IdFor(users[p.Player], $"pull-{p.PullNo}");
        var (outcome, deliveries) = await DeliverCountingAsync(() => world.Grains.GetGrain<IVanityPullsGrain>(users[p.Player]).PullAsync(pullId, PullPattern));
        var expected = charge switch
        {
            PullCharge.Paid => VanityPullStatus.Pulled,
            PullCharge.Repeat => VanityPullStatus.AlreadyPulled,
            _ => VanityPullStatus.NotEnoughTokens,
        };
        Check(outcome.Status == expected || (deliveries > 1 && expected == VanityPullStatus.Pulled && outcome.Status == VanityPullStatus.AlreadyPulled),
            $"pull {p.PullNo} of player {p.Player}: {outcome.Status}, expected {expected}");
        report.Count("pull " + charge.ToString().ToLowerInvariant());
        await CheckTokensAsync(p.Player);
    }

    private async Task StartJobAsync(StartJob j)
    {
        if (model.Jobs.ContainsKey(j.Job))
        {
            return;
        }
        // A hard pattern keeps the cluster searching a while, an easy one moments. The job prices itself: the model takes
        // the quote a player would read and holds the job to it.
        var request = new VanityRequest([j.Hard ? "ZZZZ" : "Z"], false, false);
        var quote = await DeliverAsync(() => world.Grains.GetGrain<IVanityQuoteGrain>(0).QuoteJobAsync(request));
        Check(quote.Status == VanityQuoteStatus.Quoted, $"job {j.Job}: quoted {quote.Status}");
        var (price, expected) = (quote.Price, quote.Odds!.ExpectedAttempts);
        var user = users[j.Player];
        var jobId = Faucet.Api.Json.IdempotencyKeys.IdFor(user, $"job-{j.Job}");
        var (start, deliveries) = await DeliverCountingAsync(() => world.Grains.GetGrain<IVanityJobGrain>(jobId).StartAsync(user, request));
        Check(start.Price == price, $"job {j.Job}: priced {start.Price}, quoted {price}");
        var affordable = model.Players[j.Player].Tokens >= price;
        if (affordable)
        {
            model.Players[j.Player].Tokens -= price;
            model.Jobs[j.Job] = new ModelJob(j.Player, jobId, price, expected);
        }
        var status = affordable ? VanityJobStartStatus.Started : VanityJobStartStatus.NotEnoughTokens;
        Check(start.Status == status || (deliveries > 1 && affordable && start.Status == VanityJobStartStatus.Existing), $"job {j.Job}: {start.Status}, expected {status}");
        report.Count(affordable ? "job started" : "job unaffordable");
        await CheckTokensAsync(j.Player);
    }

    private async Task CancelJobAsync(int job)
    {
        if (!model.Jobs.TryGetValue(job, out var modelJob))
        {
            return;
        }
        var view = await DeliverAsync(() => world.Grains.GetGrain<IVanityJobGrain>(modelJob.JobId).CancelAsync(users[modelJob.Player]));
        Check(view is { Status: VanityJobStatus.Cancelled or VanityJobStatus.Found }, $"job {job} is {view?.Status} after a cancel");
        if (modelJob.Refunded is null)
        {
            // Found before the cancel: the escrow is spent. Cancelled: the unused share of the price comes back, once.
            var refund = view!.Status == VanityJobStatus.Cancelled ? EconomyModel.JobRefund(modelJob.Price, view.Attempts, modelJob.Expected) : 0;
            Check(view.Refunded == refund, $"job {job} refunded {view.Refunded} after {view.Attempts} of {modelJob.Expected} attempts, the rule says {refund}");
            modelJob.Refunded = refund;
            model.Players[modelJob.Player].Tokens += refund;
            report.Count(view.Status == VanityJobStatus.Found ? "job found" : "job cancelled");
        }
        else
        {
            Check(view!.Refunded == modelJob.Refunded, $"job {job} refunded {view.Refunded} when cancelled again, {modelJob.Refunded} the first time");
        }
        await CheckTokensAsync(modelJob.Player);
    }

    private async Task ChangeCapsAsync(ChangeCaps c)
    {
        var caps = new ModelCaps(c.Daily, c.Weekly, c.DailyBanHundredths is { } d ? Raw(d) : null, c.WeeklyBanHundredths is { } w ? Raw(w) : null);
        foreach (var (file, key, line) in CapLines(caps))
        {
            world.Cluster.Config.SetLine(file, key, line);
        }
        await world.RestartAllAsync();
        model.Caps = caps;
        report.Count("caps changed (cluster restarted)");
    }

    private Task InjectNodeFaults(NodeFaults f)
    {
        var faults = f.Faults.Select(kind => kind switch
        {
            NodeFault.Hang => (FakeBananoNode.Fault)new FakeBananoNode.Fault.Hang(),
            NodeFault.HttpError => new FakeBananoNode.Fault.HttpError(502),
            NodeFault.NodeError => new FakeBananoNode.Fault.NodeError("Bad destination account"),
            NodeFault.Garbage => new FakeBananoNode.Fault.Garbage(),
            _ => new FakeBananoNode.Fault.LoseReply(),
        }).ToArray();
        if (f.SendsOnly)
        {
            world.Node.InjectOnSend(faults);
        }
        else
        {
            world.Node.Inject(faults);
        }
        foreach (var kind in f.Faults)
        {
            report.Count("node " + kind.ToString().ToLowerInvariant());
        }
        return Task.CompletedTask;
    }

    /// <summary>The end of the schedule: the node behaves, running jobs are cancelled, the clock moves past every backoff,
    /// and every payout still trying reaches its end, each new attempt on time; then the books must balance exactly.</summary>
    private async Task SettleEverythingAsync()
    {
        world.Node.ClearFaults();
        world.Node.Latency = TimeSpan.Zero;
        world.FundSourceAccounts(OperatorFunds);
        model.OperatorBelowFloor = false;
        foreach (var job in model.Jobs.Keys.ToList())
        {
            await CancelJobAsync(job);
        }
        // One jump brings due every backoff the schedule left, and a second one opens every cap window again.
        world.Clock.Set(model.Now = model.Now.AddHours(1));
        await Advance(new Advance(Jump.Monday, 1));
        var liveness = auditor.Liveness = new PayoutLiveness(LivenessBound);
        await EveryPayoutFinishedAsync(liveness);

        // A send can fail after the last jump (the node may have taken a fault off its queue before it was cleared), and
        // that payout's next attempt is then due in real time: its timer must make it while the faucet's clock stands
        // still. So that every run goes down that path, not only an unlucky one, a last round pays a player something
        // new and the node refuses its first send (a refusal is one failed attempt; a 502 would be retried at once).
        if (model.Players.FirstOrDefault(p => p.Wallet is not null) is { } payee)
        {
            await KillsAsync(payee.Index, payee.KillCursor + 1, 1);
        }
        world.Node.InjectOnSend(new FakeBananoNode.Fault.NodeError("Bad destination account"));
        await RoundAsync(new SimOp.Round(1, KillsMeanwhile: false));
        await auditor.RefreshPayoutsAsync();
        var retrying = model.Payouts.Values.Count(p => p.Status == ModelPayoutStatus.Pending);
        await EveryPayoutFinishedAsync(liveness);
        Check(retrying == 0 || liveness.Timed > 0, $"{retrying} payouts of the last round were pending, and no new attempt of theirs was timed");
        (report.LongestPayoutWait, report.TimedAttempts) = (liveness.LongestWait, liveness.Timed);
    }

    private async Task EveryPayoutFinishedAsync(PayoutLiveness liveness) =>
        await Eventually.HoldsAsync(async () =>
        {
            await auditor.RefreshPayoutsAsync();
            // A backoff far longer than the bound (a payout that failed many times) is brought due by the clock, as time
            // would bring it: the rule then holds its attempt to the bound like any other.
            if (liveness.LatestBeyond(world.Clock.GetUtcNow(), LivenessBound) is { } latest)
            {
                world.Clock.Set(model.Now = latest);
                report.Count("clock settle");
            }
            return !model.Payouts.Values.Any(p => p.Status == ModelPayoutStatus.Pending);
        }, Patience, "every payout is sent or failed once the node behaves");

    /// <summary>The player's reward account holds exactly what they earned: pending, reserved and paid add up to it.</summary>
    private async Task CheckBanAsync(int player)
    {
        var balance = await DeliverAsync(world.Grains.GetGrain<IRewardAccountGrain>(users[player]).GetBalanceAsync);
        var held = balance.Pending.Raw + balance.Reserved.Raw + balance.Paid.Raw;
        Check(held == model.Players[player].Accrued, $"player {player}'s account holds {BanAmount.FromRaw(held)} BAN (pending {balance.Pending}, reserved {balance.Reserved}, paid {balance.Paid}); they earned {BanAmount.FromRaw(model.Players[player].Accrued)}");
    }

    private async Task CheckTokensAsync(int player)
    {
        var balance = await DeliverAsync(world.Grains.GetGrain<ITokenAccountGrain>(users[player]).GetBalanceAsync);
        Check(balance.Tokens == model.Players[player].Tokens, $"player {player} holds {balance.Tokens} tokens, expected {model.Players[player].Tokens}");
    }

    private async Task<T> DeliverAsync<T>(Func<Task<T>> call) => (await DeliverCountingAsync(call)).Answer;

    /// <summary>Calls until an answer comes: a fault can lose a call or its answer, and the caller cannot tell which, so
    /// it sends the same command again, as any client would.</summary>
    private async Task<(T Answer, int Deliveries)> DeliverCountingAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + Patience;
        var pause = TimeSpan.FromMilliseconds(50);
        for (var deliveries = 1; ; deliveries++)
        {
            try
            {
                return (await call(), deliveries);
            }
            catch (Exception e) when (e is not (RewardConflictException or ArgumentException) && DateTime.UtcNow < deadline)
            {
                report.Retried(e);
                await Task.Delay(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private void Check(bool holds, string what)
    {
        if (!holds)
        {
            throw new SimulationFailedException(seed, step, current, what);
        }
    }

    private BananoAddress Wallet(int owner, int wallet) =>
        BananoAddress.FromPublicKey(SHA256.HashData(Encoding.UTF8.GetBytes($"simulation wallet {seed}/{owner}/{wallet}")));

    private static UInt128 Raw(int hundredths) => (UInt128)hundredths * (BanAmount.RawPerBan / 100);

    /// <summary>Two boosts of kills within the run's first days, the second after the first, each starting in the
    /// middle of a local day, the first ending that evening (so a round may see it end), the second lasting one hour to
    /// three days: the clock jumps into, across and out of them.</summary>
    private static List<ModelBoost> KillBoosts(Random setup, DateTimeOffset start, TimeZoneInfo zone)
    {
        decimal[] multipliers = [1.25m, 1.5m, 2, 2.75m, 3];
        var boosts = new List<ModelBoost>();
        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
        for (var i = 0; i < 2; i++)
        {
            var localStart = from.AddDays(setup.Next(3)).ToDateTime(new TimeOnly(10 + setup.Next(10), setup.Next(60)));
            var localEnd = i == 0 ? localStart.AddMinutes(60 + setup.Next((22 - localStart.Hour) * 60)) : localStart.AddHours(1 + setup.Next(72));
            while (zone.IsInvalidTime(localEnd))
            {
                localEnd = localEnd.AddHours(1);
            }
            boosts.Add(new ModelBoost($"Kill boost {i + 1}", Utc(localStart), Utc(localEnd), multipliers[setup.Next(multipliers.Length)]));
            from = DateOnly.FromDateTime(localEnd).AddDays(1);
        }
        return boosts;

        DateTimeOffset Utc(DateTime local) => new(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static string BoostsLine(IEnumerable<ModelBoost> boosts, TimeZoneInfo zone)
    {
        return "boosts: [" + string.Join(", ", boosts.Select(b =>
            $"{{name: {b.Name}, start: {Local(b.Start)}, end: {Local(b.End)}, multiplier: {b.Multiplier.ToString(CultureInfo.InvariantCulture)}, applies_to: kills}}")) + "]";

        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }

    private static IEnumerable<(string File, string Key, string Line)> CapLines(ModelCaps caps)
    {
        yield return ("payout.yaml", "daily_payout_cap", $"daily_payout_cap: {caps.Daily}");
        yield return ("payout.yaml", "weekly_payout_cap", $"weekly_payout_cap: {caps.Weekly}");
        yield return ("payout.yaml", "daily_ban_cap", "daily_ban_cap: " + Ban(caps.DailyBan));
        yield return ("payout.yaml", "weekly_ban_cap", "weekly_ban_cap: " + Ban(caps.WeeklyBan));

        static string Ban(UInt128? raw) => raw is { } r ? BanAmount.FromRaw(r).ToString() : "null";
    }
}

/// <summary>A rule the simulation found broken, with what it takes to see it again.</summary>
public sealed class SimulationFailedException(int seed, int step, SimOp? op, string what, Exception? inner = null)
    : Exception($"seed {seed}, step {step} ({op?.ToString() ?? "after the last step"}): {what}", inner)
{
    public int Step { get; } = step;

    /// <summary>Whether a rule of the economy broke (rather than the run: a timeout, a cluster that did not start).</summary>
    public bool RuleBroken => InnerException is null or AuditException;
}

/// <summary>What a run did: operations, faults and outcomes by kind.</summary>
public sealed class SimulationReport
{
    private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> retries = new(StringComparer.Ordinal);

    public int Operations { get; set; }

    public string Zone { get; set; } = "";

    public int Sent { get; set; }

    public int Failed { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>The longest a payout waited past its backoff for its next attempt while the run settled.</summary>
    public TimeSpan LongestPayoutWait { get; set; }

    /// <summary>How many attempts that wait was measured over.</summary>
    public int TimedAttempts { get; set; }

    public IReadOnlyDictionary<string, int> Counts => counts;

    // Concurrent calls of one step (a round's ticks) can fail and be counted at once; a sorted dictionary written by
    // two threads breaks.
    public void Count(string what)
    {
        lock (counts)
        {
            counts[what] = counts.GetValueOrDefault(what) + 1;
        }
    }

    public void Retried(Exception e)
    {
        lock (retries)
        {
            retries[e.GetType().Name] = retries.GetValueOrDefault(e.GetType().Name) + 1;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Operations} operations in {Elapsed.TotalSeconds:0}s, reset_tz {Zone}; payouts sent {Sent}, failed {Failed}, longest wait past a backoff {LongestPayoutWait.TotalSeconds:0.0}s over {TimedAttempts} attempts; " +
        $"{string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}; calls delivered again after {string.Join(", ", retries.Select(r => $"{r.Key} {r.Value}"))}");
}
