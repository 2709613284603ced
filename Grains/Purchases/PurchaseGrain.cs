using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Payments;
using Faucet.PaymentMethods;
using Faucet.Persistence;
using Faucet.Players;
using Faucet.Tokens;
using Faucet.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;

namespace Faucet.Purchases;

/// <summary>
/// One token purchase. Its state is the order, the package as it was when bought, and the status history; each change
/// is stored, then written to the <c>purchases</c> table. The credit follows COMPLETED as a token ledger entry keyed by
/// the purchase id, so it lands once whatever is retried; a reminder is registered from the start until the purchase
/// has settled, so a crash anywhere in between is picked up again.
/// What a payment provider does is asked of it (<see cref="IPaymentProvider"/>), always of the one the purchase was made
/// under: a provider with a page (Stripe Checkout) is asked to open it, the same request on every try, and its webhook
/// moves the purchase on; a provider that charges by itself (the simulated one) is asked for its next step each time its
/// delay has passed on a timer here. Refunds and disputes made at the provider reach it through its payment
/// (<see cref="ProviderRefundedAsync"/>, <see cref="DisputeOpenedAsync"/>, <see cref="DisputeClosedAsync"/>); each takes
/// back, holds or releases tokens under a ledger key of its own, so a redelivered event changes nothing twice.
/// </summary>
public sealed class PurchaseGrain(
    [PersistentState("purchase", "faucet")] IPersistentState<PurchaseState> state,
    IPurchaseStore store,
    PaymentProviders providers,
    ProductOptions product,
    IntegrationsOptions integrations,
    IAuditLog audit,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<PurchaseGrain> logger) : Grain, IPurchaseGrain, IRemindable
{
    private const string Settle = "purchase-settle";

    private string PurchaseId => this.GetPrimaryKeyString();

    private OneShotTimer Step => field ??= new(this, "payment provider step", StepAsync, logger);

    /// <summary>The provider this purchase was made under (only once it has an order).</summary>
    private IPaymentProvider Provider => providers.Named(state.State.Provider);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is not null && state.State.Status is PurchaseStatus.Pending or PurchaseStatus.Processing)
        {
            ScheduleStep();
        }
        return Task.CompletedTask;
    }

    public async Task<PurchaseCreation> CreateAsync(PurchaseOrder order)
    {
        // Asked of the provider new purchases go to, even when this one exists: the same request gets the same answer
        // whether or not an earlier one got through.
        if (order.PaymentMethodId is null && providers.ForNewPurchases.Methods is { } offered && !offered.Contains(order.Method))
        {
            return new PurchaseCreation(PurchaseCreationStatus.MethodNotOffered, null, offered);
        }
        if (state.State.Order is { } existing)
        {
            // Paid with a saved method, the order's method is the method's type, whatever the request said.
            var same = order.PaymentMethodId is null ? existing == order with { Method = Provider.MethodFor(order.Method) } : existing == order with { Method = existing.Method };
            if (!same)
            {
                return new PurchaseCreation(PurchaseCreationStatus.Conflict, null);
            }
            // A purchase whose checkout page could not be opened the first time tries again.
            await OpenCheckoutAsync();
            return new PurchaseCreation(PurchaseCreationStatus.Repeated, View());
        }
        var package = product.TokenPackages.FirstOrDefault(p => p.Id == order.PackageId)
            ?? throw new ArgumentException($"There is no token package '{order.PackageId}'.", nameof(order));
        // Asked here, whoever calls: a purchase is a payment, and this grain is the one place a purchase starts.
        var terms = await GrainFactory.GetGrain<IPlayerGrain>(order.UserId).GetTermsAsync();
        if (!terms.Satisfied)
        {
            return new PurchaseCreation(PurchaseCreationStatus.TermsNotAccepted, null, Terms: terms);
        }
        var provider = providers.ForNewPurchases;
        var paidWith = order.Method;
        if (order.PaymentMethodId is { } methodId)
        {
            if (await GrainFactory.GetGrain<IPaymentMethodsGrain>(order.UserId).FindAsync(methodId) is not { } saved || saved.Provider != provider.Name)
            {
                return new PurchaseCreation(PurchaseCreationStatus.NoSuchPaymentMethod, null);
            }
            order = order with { Method = saved.View.Type };
            state.State.SavedMethod = saved;
            paidWith = $"the saved {saved.View.Brand} {saved.View.Type}" + (saved.View.LastFour is { } last ? $" ending {last}" : "");
        }
        state.State.Order = order with { Method = provider.MethodFor(order.Method) };
        state.State.Tokens = package.Tokens;
        state.State.AmountMinor = package.PriceMinor;
        state.State.Currency = package.Currency;
        state.State.PackageName = package.Name;
        state.State.ReturnUrl = integrations.Stripe.ReturnUrl.Replace("{purchaseId}", PurchaseId, StringComparison.Ordinal);
        state.State.Provider = provider.Name;
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(Settle, period, period);
        await MoveAsync(PurchaseStatus.Pending, $"{package.Name}: {package.Tokens} tokens for {package.PriceMinor} {package.Currency} minor units, by {paidWith}");
        await OpenCheckoutAsync();
        ScheduleStep();
        return new PurchaseCreation(PurchaseCreationStatus.Created, View());
    }

    public Task<PurchaseView?> GetAsync(string? userId) =>
        Task.FromResult(state.State.Order is { } order && (userId is null || order.UserId == userId) ? View() : null);

    public async Task<PurchaseView?> CancelAsync(string userId)
    {
        if (state.State.Order?.UserId != userId)
        {
            return null;
        }
        if (state.State.Status == PurchaseStatus.Pending && await Provider.CancelAsync(View(), CancellationToken.None))
        {
            Step.Cancel();
            await MoveAsync(PurchaseStatus.Cancelled, "cancelled by the buyer before paying");
            await this.ForgetReminderAsync(Settle);
        }
        return View();
    }

    public async Task<PurchaseView?> CheckoutSaysAsync(string checkoutRef, PurchaseStatus status, string detail, string? paymentRef)
    {
        if (state.State.CheckoutRef is null || state.State.CheckoutRef != checkoutRef)
        {
            return null;
        }
        if (paymentRef is { Length: > 0 } && state.State.PaymentRef is null && status is PurchaseStatus.Processing or PurchaseStatus.Completed)
        {
            state.State.PaymentRef = paymentRef;
            await state.WriteOrRetireAsync(this);
        }
        var from = state.State.Status;
        var moves = (from, status) switch
        {
            (PurchaseStatus.Pending, PurchaseStatus.Processing) => true,
            (PurchaseStatus.Pending or PurchaseStatus.Processing, PurchaseStatus.Completed or PurchaseStatus.Failed) => true,
            (PurchaseStatus.Pending, PurchaseStatus.Cancelled) => true,
            _ => false,
        };
        if (moves)
        {
            if (status == PurchaseStatus.Failed)
            {
                state.State.FailureReason = detail;
            }
            await MoveAsync(status, detail);
        }
        else
        {
            // Already past this step: the table is brought up to date in case an earlier write to it failed.
            await RecordAsync();
        }
        if (state.State.Status == PurchaseStatus.Completed)
        {
            await CreditAsync();
        }
        if (state.State.Status is not (PurchaseStatus.Pending or PurchaseStatus.Processing))
        {
            await this.ForgetReminderAsync(Settle);
        }
        return View();
    }

    public async Task<PurchaseRefund?> RefundAsync(string reason, string actor)
    {
        if (state.State.Order is not { } order)
        {
            return null;
        }
        if (!Provider.RefundsThroughFaucet)
        {
            return new PurchaseRefund(View(), PurchaseRefundDecision.RefundedByProvider);
        }
        if (state.State.Status == PurchaseStatus.Refunded)
        {
            return new PurchaseRefund(View(), PurchaseRefundDecision.AlreadyRefunded);
        }
        if (state.State.Status != PurchaseStatus.Completed)
        {
            return new PurchaseRefund(View(), PurchaseRefundDecision.NotCompleted);
        }
        // The provider gives the money back first: a retry after a crash asks it again, which is the same refund.
        if (!await Provider.RefundAsync(View(), reason, CancellationToken.None))
        {
            return new PurchaseRefund(View(), PurchaseRefundDecision.RefundedByProvider);
        }
        await CreditAsync();
        // Take back what is unspent of this purchase's tokens, at most all of them.
        state.State.TokensTakenBack = await TakeBackAsync("purchase-refund:" + PurchaseId, TokenEntryKind.Refund, state.State.Tokens);
        await MoveAsync(PurchaseStatus.Refunded, $"{reason}; {state.State.TokensTakenBack} unspent tokens taken back");
        await audit.RecordAsync(actor, "purchase.refunded", order.UserId,
            new { purchase = PurchaseId, reason, state.State.TokensTakenBack, state.State.AmountMinor, state.State.Currency }, CancellationToken.None);
        await PublishRefundAsync(state.State.AmountMinor, state.State.TokensTakenBack);
        return new PurchaseRefund(View(), PurchaseRefundDecision.Refunded);
    }

    public async Task<PurchaseView?> ProviderRefundedAsync(string paymentRef, long refundedMinor)
    {
        var s = state.State;
        if (s.PaymentRef is null || s.PaymentRef != paymentRef)
        {
            return null;
        }
        if (refundedMinor <= s.RefundedMinor || s.Status is not (PurchaseStatus.Completed or PurchaseStatus.Disputed))
        {
            // Applied before (a redelivery, or an older total arriving late), or nothing was paid to give back.
            await RecordAsync();
            return View();
        }
        await CreditAsync();
        refundedMinor = Math.Min(refundedMinor, s.AmountMinor);
        var owed = TokensFor(refundedMinor);
        var wanted = owed - s.TokensOwed;
        // Keyed by the new total: a redelivery after a crash takes back under the same key, so once.
        var taken = await TakeBackAsync($"purchase-refund:{PurchaseId}:{refundedMinor}", TokenEntryKind.Refund, wanted);
        s.TokensOwed = owed;
        s.RefundedMinor = refundedMinor;
        s.TokensTakenBack += taken;
        var detail = $"{refundedMinor} of {s.AmountMinor} {s.Currency} minor units refunded at the provider in all; {taken} tokens taken back"
            + (taken < wanted ? $" ({wanted - taken} were spent)" : "");
        var full = refundedMinor >= s.AmountMinor && s.Status != PurchaseStatus.Disputed;
        await MoveAsync(full ? PurchaseStatus.Refunded : s.Status, detail);
        await audit.RecordAsync("stripe", "purchase.refunded", s.Order!.UserId,
            new { purchase = PurchaseId, refundedMinor, s.AmountMinor, s.Currency, tokensTakenBack = taken }, CancellationToken.None);
        await PublishRefundAsync(refundedMinor, taken);
        return View();
    }

    public async Task<PurchaseView?> DisputeOpenedAsync(string paymentRef, string disputeRef, long amountMinor)
    {
        var s = state.State;
        if (s.PaymentRef is null || s.PaymentRef != paymentRef)
        {
            return null;
        }
        if (s.DisputeRef is not null || s.Status is not (PurchaseStatus.Completed or PurchaseStatus.Refunded))
        {
            // This dispute is open or decided already (Stripe allows one per payment), or nothing was paid.
            await RecordAsync();
            return View();
        }
        await CreditAsync();
        var held = await TakeBackAsync($"purchase-dispute:{PurchaseId}:{disputeRef}", TokenEntryKind.Dispute, Math.Max(0, Math.Min(TokensFor(amountMinor), s.Tokens - s.TokensOwed)));
        s.DisputeRef = disputeRef;
        s.TokensHeld = held;
        await MoveAsync(PurchaseStatus.Disputed, $"{amountMinor} {s.Currency} minor units disputed at the provider ({disputeRef}); {held} tokens held until it is decided");
        await audit.RecordAsync("stripe", "purchase.disputed", s.Order!.UserId,
            new { purchase = PurchaseId, dispute = disputeRef, amountMinor, s.Currency, tokensHeld = held }, CancellationToken.None);
        await PublishDisputeAsync(disputeRef, "opened", amountMinor, held);
        return View();
    }

    public async Task<PurchaseView?> DisputeClosedAsync(string paymentRef, string disputeRef, long amountMinor, bool won)
    {
        var s = state.State;
        if (s.PaymentRef is null || s.PaymentRef != paymentRef)
        {
            return null;
        }
        if (s.DisputeRef is null)
        {
            await DisputeOpenedAsync(paymentRef, disputeRef, amountMinor);
        }
        if (s.DisputeRef != disputeRef || s.Status != PurchaseStatus.Disputed)
        {
            await RecordAsync();
            return View();
        }
        var held = s.TokensHeld;
        string detail;
        if (won)
        {
            if (held > 0)
            {
                var release = await GrainFactory.GetGrain<ITokenAccountGrain>(s.Order!.UserId)
                    .ApplyAsync(new TokenCommand($"purchase-dispute-released:{PurchaseId}:{disputeRef}", TokenEntryKind.Dispute, held, PurchaseId));
                if (!release.Done)
                {
                    throw new InvalidOperationException($"The held tokens of purchase {PurchaseId} could not be released: {release.Status}");
                }
            }
            detail = $"dispute {disputeRef} decided for the seller; {held} held tokens released";
        }
        else
        {
            s.TokensTakenBack += held;
            detail = $"dispute {disputeRef} decided for the buyer; {held} held tokens kept back";
        }
        s.TokensHeld = 0;
        await MoveAsync(won && s.RefundedMinor < s.AmountMinor ? PurchaseStatus.Completed : PurchaseStatus.Refunded, detail);
        await audit.RecordAsync("stripe", won ? "purchase.dispute_won" : "purchase.dispute_lost", s.Order!.UserId,
            new { purchase = PurchaseId, dispute = disputeRef, tokens = held }, CancellationToken.None);
        await PublishDisputeAsync(disputeRef, won ? "won" : "lost", amountMinor, held);
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Order is null)
        {
            // Registered by a creation that did not get as far as storing the order.
            await this.ForgetReminderAsync(Settle);
            return;
        }
        await RecordAsync();
        switch (state.State.Status)
        {
            case PurchaseStatus.Completed when !state.State.Credited:
                await CreditAsync();
                await this.ForgetReminderAsync(Settle);
                break;
            case PurchaseStatus.Pending or PurchaseStatus.Processing when Provider.StepDelay is not null:
                ScheduleStep();
                break;
            case PurchaseStatus.Pending when state.State.CheckoutUrl is null:
                await OpenCheckoutAsync();
                break;
            case PurchaseStatus.Pending or PurchaseStatus.Processing:
                // The provider's webhook moves it on (or says it expired).
                await this.ForgetReminderAsync(Settle);
                break;
            default:
                await this.ForgetReminderAsync(Settle);
                break;
        }
    }

    /// <summary>Opens the provider's checkout page for a pending purchase that has none yet, from the stored order only.
    /// A provider that does not answer leaves it without one (the buyer is told to try again; the reminder tries too); a
    /// provider refusing the request fails the purchase. A provider that charges by itself has no page.</summary>
    private async Task OpenCheckoutAsync()
    {
        if (state.State.Status != PurchaseStatus.Pending || state.State.CheckoutUrl is not null)
        {
            return;
        }
        PaymentCheckout? checkout;
        try
        {
            checkout = await Provider.OpenCheckoutAsync(View(), state.State.PackageName, state.State.ReturnUrl, state.State.SavedMethod, CancellationToken.None);
        }
        catch (PaymentRefusedException e)
        {
            state.State.FailureReason = e.Message;
            await MoveAsync(PurchaseStatus.Failed, state.State.FailureReason);
            await this.ForgetReminderAsync(Settle);
            return;
        }
        catch (PaymentProviderUnavailableException)
        {
            return;
        }
        if (checkout is null)
        {
            return;
        }
        state.State.CheckoutRef = checkout.Ref;
        state.State.CheckoutUrl = checkout.Url;
        if (checkout.Now is not { } now)
        {
            await state.WriteOrRetireAsync(this);
            await RecordAsync();
            return;
        }
        // A charge with a saved method says where it stands at once; its payment is what refunds and disputes name.
        state.State.PaymentRef = checkout.Ref;
        if (now == PurchaseStatus.Pending)
        {
            await state.WriteOrRetireAsync(this);
            await RecordAsync();
            return;
        }
        if (now == PurchaseStatus.Failed)
        {
            state.State.FailureReason = checkout.Detail;
        }
        await MoveAsync(now, checkout.Detail ?? now.ToString().ToLowerInvariant());
        if (now == PurchaseStatus.Completed)
        {
            await CreditAsync();
        }
        if (now is not PurchaseStatus.Processing)
        {
            await this.ForgetReminderAsync(Settle);
        }
    }

    private void ScheduleStep()
    {
        if (Provider.StepDelay is { } delay)
        {
            Step.Schedule(delay);
        }
    }

    /// <summary>The step a provider that charges by itself takes next, until the purchase has settled.</summary>
    private async Task StepAsync()
    {
        if (state.State.Status is not (PurchaseStatus.Pending or PurchaseStatus.Processing) || Provider.NextStep(View()) is not { } progress)
        {
            return;
        }
        if (progress.Status == PurchaseStatus.Failed)
        {
            state.State.FailureReason = progress.Detail;
        }
        await MoveAsync(progress.Status, progress.Detail);
        if (state.State.Status == PurchaseStatus.Completed)
        {
            await CreditAsync();
        }
        if (state.State.Status is PurchaseStatus.Pending or PurchaseStatus.Processing)
        {
            ScheduleStep();
        }
        else
        {
            await this.ForgetReminderAsync(Settle);
        }
    }

    /// <summary>
    /// Takes back up to <paramref name="wanted"/> of this purchase's tokens under <paramref name="key"/>, at most the
    /// buyer's balance; answers how many. The amount is fixed and stored with its key before the debit, so a retry after a
    /// crash debits the same amount under the same key; if the buyer spent in between, the debit finds the balance short
    /// and the amount is worked out again.
    /// </summary>
    private async Task<long> TakeBackAsync(string key, TokenEntryKind kind, long wanted)
    {
        var s = state.State;
        // A take-back planned before plans carried their key was the simulated refund's.
        s.PlannedKey ??= s.RefundPlanned > 0 ? "purchase-refund:" + PurchaseId : null;
        var account = GrainFactory.GetGrain<ITokenAccountGrain>(s.Order!.UserId);
        for (var attempt = 0; ; attempt++)
        {
            if (s.PlannedKey != key)
            {
                // Read before anything is changed: a read that fails must not leave half a plan behind for the retry.
                var amount = Math.Max(0, Math.Min(wanted, (await account.GetBalanceAsync()).Tokens));
                (s.PlannedKey, s.RefundPlanned) = (key, amount);
                await state.WriteOrRetireAsync(this);
            }
            if (s.RefundPlanned == 0)
            {
                return 0;
            }
            var debit = await account.ApplyAsync(new TokenCommand(key, kind, -s.RefundPlanned, PurchaseId));
            if (debit.Done || debit.Status == TokenChangeStatus.Conflict)
            {
                // A conflict is an earlier attempt of this take-back that took another amount: that one stands.
                return -debit.Entry!.Amount;
            }
            s.PlannedKey = null;
            if (attempt == 2)
            {
                throw new InvalidOperationException($"The tokens of purchase {PurchaseId} could not be taken back; try again.");
            }
        }
    }

    /// <summary>The package's tokens that <paramref name="amountMinor"/> of its price stands for, rounded up, at most all.</summary>
    private long TokensFor(long amountMinor)
    {
        var s = state.State;
        return s.AmountMinor == 0 ? s.Tokens : (s.Tokens * Math.Min(amountMinor, s.AmountMinor) + s.AmountMinor - 1) / s.AmountMinor;
    }

    private Task PublishRefundAsync(long refundedMinor, long tokensTakenBack)
    {
        var s = state.State;
        return this.PublishWebhookAsync(WebhookEvents.PurchaseRefunded, $"purchase.refunded:{PurchaseId}:{refundedMinor}",
            new { purchaseId = PurchaseId, userId = s.Order!.UserId, refundedMinor, amountMinor = s.AmountMinor, currency = s.Currency, tokensTakenBack, provider = s.Provider },
            time.GetUtcNow(), logger);
    }

    private Task PublishDisputeAsync(string disputeRef, string stage, long amountMinor, long tokens)
    {
        var s = state.State;
        return this.PublishWebhookAsync(WebhookEvents.PurchaseDisputed, $"purchase.disputed:{PurchaseId}:{disputeRef}:{stage}",
            new { purchaseId = PurchaseId, userId = s.Order!.UserId, disputeId = disputeRef, stage, amountMinor, currency = s.Currency, tokens, provider = s.Provider },
            time.GetUtcNow(), logger);
    }

    /// <summary>Credits the package's tokens, from this purchase's own record, once.</summary>
    private async Task CreditAsync()
    {
        if (state.State.Credited)
        {
            return;
        }
        var change = await GrainFactory.GetGrain<ITokenAccountGrain>(state.State.Order!.UserId)
            .ApplyAsync(new TokenCommand("purchase:" + PurchaseId, TokenEntryKind.Purchase, state.State.Tokens, PurchaseId));
        if (!change.Done)
        {
            throw new InvalidOperationException($"Purchase {PurchaseId} could not be credited: {change.Status}");
        }
        // Published before the state says credited: after a crash in between the credit is looked at again and the
        // event published again, which its message id makes one delivery.
        var s = state.State;
        await this.PublishWebhookAsync(WebhookEvents.PurchaseCompleted, "purchase.completed:" + PurchaseId,
            new { purchaseId = PurchaseId, userId = s.Order!.UserId, packageId = s.Order.PackageId, tokens = s.Tokens, amountMinor = s.AmountMinor, currency = s.Currency, provider = s.Provider },
            time.GetUtcNow(), logger);
        state.State.Credited = true;
        await state.WriteOrRetireAsync(this);
    }

    /// <summary>Adds a step to the history: a new status, or (a partial refund) a note under the status it has.</summary>
    private async Task MoveAsync(PurchaseStatus status, string detail)
    {
        var moved = state.State.History.Count == 0 || state.State.Status != status;
        state.State.History.Add(new PurchaseStep(status, time.GetUtcNow(), detail));
        await state.WriteOrRetireAsync(this);
        if (moved)
        {
            FaucetMetrics.Purchase(status.ToString().ToLowerInvariant());
        }
        await RecordAsync();
    }

    private Task RecordAsync() => store.RecordAsync(View(), state.State.CheckoutRef, state.State.PaymentRef, state.State.History[0].At, CancellationToken.None);

    private PurchaseView View()
    {
        var s = state.State;
        return new PurchaseView(PurchaseId, s.Order!.UserId, s.Order.PackageId, s.Tokens, s.AmountMinor, s.Currency, s.Provider, s.Order.Method,
            s.Status, s.History.ToList(), s.CheckoutUrl, s.FailureReason, s.TokensTakenBack, s.RefundedMinor, s.TokensHeld);
    }
}
