using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Payments;
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
/// delay has passed on a timer here.
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
        if (providers.ForNewPurchases.Methods is { } offered && !offered.Contains(order.Method))
        {
            return new PurchaseCreation(PurchaseCreationStatus.MethodNotOffered, null, offered);
        }
        if (state.State.Order is { } existing)
        {
            if (existing != order with { Method = Provider.MethodFor(order.Method) })
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
        state.State.Order = order with { Method = provider.MethodFor(order.Method) };
        state.State.Tokens = package.Tokens;
        state.State.AmountMinor = package.PriceMinor;
        state.State.Currency = package.Currency;
        state.State.PackageName = package.Name;
        state.State.ReturnUrl = integrations.Stripe.ReturnUrl.Replace("{purchaseId}", PurchaseId, StringComparison.Ordinal);
        state.State.Provider = provider.Name;
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(Settle, period, period);
        await MoveAsync(PurchaseStatus.Pending, $"{package.Name}: {package.Tokens} tokens for {package.PriceMinor} {package.Currency} minor units, by {state.State.Order.Method}");
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

    public async Task<PurchaseView?> CheckoutSaysAsync(string checkoutRef, PurchaseStatus status, string detail)
    {
        if (state.State.CheckoutRef is null || state.State.CheckoutRef != checkoutRef)
        {
            return null;
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
        // Take back what is unspent of this purchase's tokens, at most all of them. The amount is fixed (and stored)
        // before the debit, so a retry after a crash debits the same amount under the same key; if the buyer spent in
        // between, the debit finds the balance short and the amount is worked out again.
        var account = GrainFactory.GetGrain<ITokenAccountGrain>(order.UserId);
        for (var attempt = 0; ; attempt++)
        {
            if (state.State.RefundPlanned == 0)
            {
                state.State.RefundPlanned = Math.Min(state.State.Tokens, (await account.GetBalanceAsync()).Tokens);
                await state.WriteOrRetireAsync(this);
            }
            if (state.State.RefundPlanned == 0)
            {
                break;
            }
            var debit = await account.ApplyAsync(new TokenCommand("purchase-refund:" + PurchaseId, TokenEntryKind.Refund, -state.State.RefundPlanned, PurchaseId));
            if (debit.Done || debit.Status == TokenChangeStatus.Conflict)
            {
                // A conflict is an earlier attempt of this refund that took back another amount: that one stands.
                state.State.TokensTakenBack = -debit.Entry!.Amount;
                break;
            }
            state.State.RefundPlanned = 0;
            if (attempt == 2)
            {
                throw new InvalidOperationException($"The tokens of purchase {PurchaseId} could not be taken back; try again.");
            }
        }
        await MoveAsync(PurchaseStatus.Refunded, $"{reason}; {state.State.TokensTakenBack} unspent tokens taken back");
        await audit.RecordAsync(actor, "purchase.refunded", order.UserId,
            new { purchase = PurchaseId, reason, state.State.TokensTakenBack, state.State.AmountMinor, state.State.Currency }, CancellationToken.None);
        return new PurchaseRefund(View(), PurchaseRefundDecision.Refunded);
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
            checkout = await Provider.OpenCheckoutAsync(View(), state.State.PackageName, state.State.ReturnUrl, CancellationToken.None);
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
        await state.WriteOrRetireAsync(this);
        await RecordAsync();
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

    private async Task MoveAsync(PurchaseStatus status, string detail)
    {
        state.State.History.Add(new PurchaseStep(status, time.GetUtcNow(), detail));
        await state.WriteOrRetireAsync(this);
        FaucetMetrics.Purchase(status.ToString().ToLowerInvariant());
        await RecordAsync();
    }

    private Task RecordAsync() => store.RecordAsync(View(), state.State.CheckoutRef, state.State.History[0].At, CancellationToken.None);

    private PurchaseView View()
    {
        var s = state.State;
        return new PurchaseView(PurchaseId, s.Order!.UserId, s.Order.PackageId, s.Tokens, s.AmountMinor, s.Currency, s.Provider, s.Order.Method,
            s.Status, s.History.ToList(), s.CheckoutUrl, s.FailureReason, s.TokensTakenBack);
    }
}
