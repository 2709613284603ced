using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Stripe;
using Faucet.Persistence;
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
/// The simulated provider steps a purchase along on a timer: PENDING, then PROCESSING, then COMPLETED or FAILED, in a dry
/// run only. With Stripe, the purchase opens a Checkout Session (the same request, and idempotency key, on every try)
/// and Stripe's webhook moves it on.
/// </summary>
public sealed class PurchaseGrain(
    [PersistentState("purchase", "faucet")] IPersistentState<PurchaseState> state,
    IPurchaseStore store,
    IStripeCheckout checkout,
    ProductOptions product,
    IntegrationsOptions integrations,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<PurchaseGrain> logger) : Grain, IPurchaseGrain, IRemindable
{
    private const string Settle = "purchase-settle";

    private string PurchaseId => this.GetPrimaryKeyString();

    private OneShotTimer Step => field ??= new(this, "simulated payment step", StepAsync, logger);

    private TimeSpan Delay => TimeSpan.FromMilliseconds(integrations.Stripe.SimulatedDelayMs);

    private bool Simulated => state.State.Provider == "simulated";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is not null && Simulated && state.State.Status is PurchaseStatus.Pending or PurchaseStatus.Processing)
        {
            ScheduleStep();
        }
        return Task.CompletedTask;
    }

    public async Task<PurchaseCreation> CreateAsync(PurchaseOrder order)
    {
        if (state.State.Order is { } existing)
        {
            var same = existing.UserId == order.UserId && existing.PackageId == order.PackageId && (!Simulated || existing.Method == order.Method);
            if (!same)
            {
                return new PurchaseCreation(PurchaseCreationStatus.Conflict, null);
            }
            // A Stripe purchase whose session could not be opened the first time tries again.
            await OpenCheckoutAsync();
            return new PurchaseCreation(PurchaseCreationStatus.Repeated, View());
        }
        var package = product.TokenPackages.FirstOrDefault(p => p.Id == order.PackageId)
            ?? throw new ArgumentException($"There is no token package '{order.PackageId}'.", nameof(order));
        var live = integrations.Stripe.Mode == IntegrationMode.Live;
        state.State.Order = live ? order with { Method = "stripe" } : order;
        state.State.Tokens = package.Tokens;
        state.State.AmountMinor = package.PriceMinor;
        state.State.Currency = package.Currency;
        state.State.PackageName = package.Name;
        state.State.ReturnUrl = integrations.Stripe.ReturnUrl.Replace("{purchaseId}", PurchaseId, StringComparison.Ordinal);
        state.State.Provider = live ? "stripe" : "simulated";
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(Settle, period, period);
        await MoveAsync(PurchaseStatus.Pending, $"{package.Name}: {package.Tokens} tokens for {package.PriceMinor} {package.Currency} minor units, by {state.State.Order.Method}");
        if (live)
        {
            await OpenCheckoutAsync();
        }
        else
        {
            ScheduleStep();
        }
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
        if (Simulated && state.State.Status == PurchaseStatus.Pending)
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

    public async Task<PurchaseRefund?> RefundAsync(string reason)
    {
        if (state.State.Order is not { } order)
        {
            return null;
        }
        if (state.State.Status != PurchaseStatus.Completed || !Simulated)
        {
            return new PurchaseRefund(View(), false);
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
        return new PurchaseRefund(View(), true);
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
            case PurchaseStatus.Pending or PurchaseStatus.Processing when Simulated:
                ScheduleStep();
                break;
            case PurchaseStatus.Pending when state.State.CheckoutUrl is null:
                await OpenCheckoutAsync();
                break;
            case PurchaseStatus.Pending or PurchaseStatus.Processing:
                // Stripe's webhook moves it on (or says it expired).
                await this.ForgetReminderAsync(Settle);
                break;
            default:
                await this.ForgetReminderAsync(Settle);
                break;
        }
    }

    /// <summary>Opens the Stripe Checkout Session of a pending Stripe purchase that has none yet, from the stored order
    /// only. Stripe not answering leaves it without one (the buyer is told to try again; the reminder tries too); Stripe
    /// refusing the request fails the purchase.</summary>
    private async Task OpenCheckoutAsync()
    {
        if (Simulated || state.State.Status != PurchaseStatus.Pending || state.State.CheckoutUrl is not null)
        {
            return;
        }
        try
        {
            var (sessionId, url) = await checkout.CreateSessionAsync(View(), state.State.PackageName, state.State.ReturnUrl, CancellationToken.None);
            state.State.CheckoutRef = sessionId;
            state.State.CheckoutUrl = url;
        }
        catch (global::Stripe.StripeException e) when (e.HttpStatusCode is >= System.Net.HttpStatusCode.BadRequest and < System.Net.HttpStatusCode.InternalServerError
                                                        and not System.Net.HttpStatusCode.Conflict and not System.Net.HttpStatusCode.TooManyRequests)
        {
            state.State.FailureReason = "Stripe refused the checkout: " + e.Message;
            await MoveAsync(PurchaseStatus.Failed, state.State.FailureReason);
            await this.ForgetReminderAsync(Settle);
            return;
        }
        catch (Exception e) when (e is global::Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            return;
        }
        await state.WriteOrRetireAsync(this);
        await RecordAsync();
    }

    private void ScheduleStep() => Step.Schedule(Delay);

    /// <summary>The simulated provider's next step; outside a dry run it sells nothing, and a purchase it had started
    /// fails.</summary>
    private async Task StepAsync()
    {
        if (state.State.Status is PurchaseStatus.Pending or PurchaseStatus.Processing && integrations.SimulatedWhereBanIsReal(integrations.Stripe.Mode))
        {
            state.State.FailureReason = "the simulated provider sells nothing outside a dry run";
            await MoveAsync(PurchaseStatus.Failed, state.State.FailureReason);
            await this.ForgetReminderAsync(Settle);
            return;
        }
        switch (state.State.Status)
        {
            case PurchaseStatus.Pending:
                await MoveAsync(PurchaseStatus.Processing, $"the simulated provider charges the {state.State.Order!.Method}");
                ScheduleStep();
                break;
            case PurchaseStatus.Processing:
                if (SimulatedPayments.FailureOf(state.State.AmountMinor, integrations.Stripe.SimulatedSuccessPercent, Random.Shared) is { } failure)
                {
                    state.State.FailureReason = failure;
                    await MoveAsync(PurchaseStatus.Failed, failure);
                }
                else
                {
                    await MoveAsync(PurchaseStatus.Completed, "paid");
                    await CreditAsync();
                }
                await this.ForgetReminderAsync(Settle);
                break;
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
