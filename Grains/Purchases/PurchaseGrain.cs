using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Faucet.Purchases;

/// <summary>
/// One token purchase. Its state is the order, the package as it was when bought, and the status history; each change
/// is stored, then written to the <c>purchases</c> table. The credit follows COMPLETED as a token ledger entry keyed by
/// the purchase id, so it lands once whatever is retried; a reminder is registered from the start until the purchase
/// has settled (credited, failed or cancelled), so a crash anywhere in between is picked up again.
/// The simulated provider steps a purchase along on a timer: PENDING, then PROCESSING, then COMPLETED or FAILED.
/// </summary>
public sealed class PurchaseGrain(
    [PersistentState("purchase", "faucet")] IPersistentState<PurchaseState> state,
    IPurchaseStore store,
    ProductOptions product,
    IntegrationsOptions integrations,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IPurchaseGrain, IRemindable
{
    private const string Settle = "purchase-settle";

    private IGrainTimer? step;

    private string PurchaseId => this.GetPrimaryKeyString();

    private TimeSpan Delay => TimeSpan.FromMilliseconds(integrations.Stripe.SimulatedDelayMs);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is not null && state.State.Provider == "simulated" && state.State.Status is PurchaseStatus.Pending or PurchaseStatus.Processing)
        {
            ScheduleStep();
        }
        return Task.CompletedTask;
    }

    public async Task<PurchaseView?> CreateAsync(PurchaseOrder order)
    {
        if (state.State.Order is { } existing)
        {
            return existing.UserId == order.UserId ? View() : null;
        }
        var package = product.TokenPackages.FirstOrDefault(p => p.Id == order.PackageId)
            ?? throw new ArgumentException($"There is no token package '{order.PackageId}'.", nameof(order));
        state.State.Order = order;
        state.State.Tokens = package.Tokens;
        state.State.AmountMinor = package.PriceMinor;
        state.State.Currency = package.Currency;
        state.State.Provider = "simulated";
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(Settle, period, period);
        await MoveAsync(PurchaseStatus.Pending, $"{package.Name}: {package.Tokens} tokens for {package.PriceMinor} {package.Currency} minor units, by {order.Method}");
        ScheduleStep();
        return View();
    }

    public Task<PurchaseView?> GetAsync(string? userId) =>
        Task.FromResult(state.State.Order is { } order && (userId is null || order.UserId == userId) ? View() : null);

    public async Task<PurchaseView?> CancelAsync(string userId)
    {
        if (state.State.Order?.UserId != userId)
        {
            return null;
        }
        if (state.State.Status == PurchaseStatus.Pending)
        {
            step?.Dispose();
            step = null;
            await MoveAsync(PurchaseStatus.Cancelled, "cancelled by the buyer before paying");
            await this.ForgetReminderAsync(Settle);
        }
        return View();
    }

    public async Task<PurchaseView?> RefundAsync(string reason)
    {
        if (state.State.Order is not { } order)
        {
            return null;
        }
        if (state.State.Status != PurchaseStatus.Completed)
        {
            return View();
        }
        await CreditAsync();
        // Take back what is unspent of this purchase's tokens, at most all of them. If the buyer spends at the same
        // moment, the debit finds the balance short and is worked out again.
        var account = GrainFactory.GetGrain<ITokenAccountGrain>(order.UserId);
        for (var attempt = 0; ; attempt++)
        {
            var takeBack = Math.Min(state.State.Tokens, (await account.GetBalanceAsync()).Tokens);
            if (takeBack == 0)
            {
                break;
            }
            var debit = await account.ApplyAsync(new TokenCommand("purchase-refund:" + PurchaseId, TokenEntryKind.Refund, -takeBack, PurchaseId));
            // A conflict is an earlier attempt of this refund that took back a different amount: that one stands.
            if (debit.Done || debit.Status == TokenChangeStatus.Conflict)
            {
                takeBack = -debit.Entry!.Amount;
                state.State.TokensTakenBack = takeBack;
                break;
            }
            if (attempt == 2)
            {
                throw new InvalidOperationException($"The tokens of purchase {PurchaseId} could not be taken back; try again.");
            }
        }
        await MoveAsync(PurchaseStatus.Refunded, $"{reason}; {state.State.TokensTakenBack} unspent tokens taken back");
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (state.State.Status)
        {
            case PurchaseStatus.Completed when !state.State.Credited:
                await CreditAsync();
                await this.ForgetReminderAsync(Settle);
                break;
            case PurchaseStatus.Pending or PurchaseStatus.Processing when state.State.Provider == "simulated":
                ScheduleStep();
                break;
            case PurchaseStatus.Pending or PurchaseStatus.Processing:
                break;
            default:
                await this.ForgetReminderAsync(Settle);
                break;
        }
    }

    private void ScheduleStep() =>
        step ??= this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(Delay, Timeout.InfiniteTimeSpan));

    /// <summary>The simulated provider's next step.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        step?.Dispose();
        step = null;
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
        state.State.Credited = true;
        await state.WriteOrRetireAsync(this);
    }

    private async Task MoveAsync(PurchaseStatus status, string detail)
    {
        state.State.History.Add(new PurchaseStep(status, time.GetUtcNow(), detail));
        await state.WriteOrRetireAsync(this);
        await store.RecordAsync(View(), state.State.CheckoutRef, state.State.History[0].At, CancellationToken.None);
    }

    private PurchaseView View()
    {
        var s = state.State;
        return new PurchaseView(PurchaseId, s.Order!.UserId, s.Order.PackageId, s.Tokens, s.AmountMinor, s.Currency, s.Provider, s.Order.Method,
            s.Status, s.History.ToList(), s.CheckoutUrl, s.FailureReason, s.TokensTakenBack);
    }
}
