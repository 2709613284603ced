using System.Security.Cryptography;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.PaymentMethods;

/// <summary>
/// One player's saved payment methods, and their customer at a provider that keeps one. The tables are their record
/// (loaded on activation, written before the answer); the provider of new purchases is asked what a token stands for,
/// or opens its own page where the player adds a method and tells of it later, and keeps the method; only its id there,
/// the brand, the last four digits, the expiry and the type are kept here. Requests to save are counted in this activation, which is
/// the player's only one: a player past <see cref="IPaymentMethodsGrain.AddsPerMinute"/> in a minute is told when to come
/// back, and the provider is not asked.
/// </summary>
public sealed partial class PaymentMethodsGrain(
    IPaymentMethodStore store,
    PaymentProviders providers,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<PaymentMethodsGrain> logger) : Grain, IPaymentMethodsGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> recentAdds = new();
    // The providers whose customer for this player is kept in this activation's sight (written once each).
    private readonly HashSet<string> customers = new(StringComparer.Ordinal);
    private List<SavedPaymentMethod> methods = [];

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        methods = await store.LoadAsync(UserId, cancellationToken);

    public async Task<PaymentMethodAnswer> AddAsync(string type, string token, bool makeDefault)
    {
        if (Counted() is { } limited)
        {
            return limited;
        }
        var provider = providers.ForNewPurchases;
        ProviderMethod? found;
        try
        {
            found = await provider.SaveMethodAsync(UserId, await store.CustomerOfAsync(UserId, provider.Name, CancellationToken.None), type, token, CancellationToken.None);
        }
        catch (PaymentProviderUnavailableException e)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.ProviderUnavailable, Detail: e.Message);
        }
        return found is null ? new PaymentMethodAnswer(PaymentMethodOutcome.NotOffered) : await KeepAsync(provider, type, found, makeDefault);
    }

    public async Task<PaymentMethodAnswer> OpenSetupAsync(string type, bool makeDefault)
    {
        if (Counted() is { } limited)
        {
            return limited;
        }
        if (methods.Count >= IPaymentMethodsGrain.MaxMethods)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.TooMany);
        }
        var provider = providers.ForNewPurchases;
        var customer = await store.CustomerOfAsync(UserId, provider.Name, CancellationToken.None);
        PaymentSetup? setup;
        try
        {
            setup = await provider.OpenSetupAsync(UserId, customer, type, makeDefault, integrations.Stripe.SetupReturnUrl, CancellationToken.None);
        }
        catch (PaymentProviderUnavailableException e)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.ProviderUnavailable, Detail: e.Message);
        }
        catch (PaymentRefusedException e)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.Refused, Detail: e.Message);
        }
        if (setup is null)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.NotOffered);
        }
        // Kept before the player is sent there: the method they add belongs to this customer, and is saved for it.
        await KeepCustomerAsync(provider, setup.CustomerRef);
        return new PaymentMethodAnswer(PaymentMethodOutcome.SetupOpened, Url: setup.Url);
    }

    public async Task<PaymentMethodAnswer> SaveSetupAsync(string provider, string type, string setupRef, bool makeDefault)
    {
        var holder = providers.Named(provider);
        if (await store.CustomerOfAsync(UserId, holder.Name, CancellationToken.None) is not { } customer)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.InvalidToken, Detail: "the player has no customer at the provider to hold the method");
        }
        ProviderMethod found;
        try
        {
            found = await holder.MethodOfSetupAsync(customer, type, setupRef, CancellationToken.None);
        }
        catch (PaymentProviderUnavailableException e)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.ProviderUnavailable, Detail: e.Message);
        }
        return await KeepAsync(holder, type, found, makeDefault);
    }

    /// <summary>Counts a request to save a method; the answer when the player is past this minute's requests.</summary>
    private PaymentMethodAnswer? Counted()
    {
        var now = time.GetUtcNow();
        while (recentAdds.TryPeek(out var oldest) && oldest <= now - Window)
        {
            recentAdds.Dequeue();
        }
        if (recentAdds.Count >= IPaymentMethodsGrain.AddsPerMinute)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.RateLimited, RetryAfter: recentAdds.Peek() + Window - now);
        }
        recentAdds.Enqueue(now);
        return null;
    }

    /// <summary>
    /// Keeps what the provider made of a token or a setup: a method of <paramref name="type"/> unless the player has the
    /// same one (its fingerprint) or as many as allowed, or it is not of that type. The provider holds whatever it made
    /// either way, so a duplicate under another id there, or one not kept here, is forgotten there too.
    /// </summary>
    private async Task<PaymentMethodAnswer> KeepAsync(IPaymentProvider provider, string type, ProviderMethod found, bool makeDefault)
    {
        if (found.Outcome != PaymentMethodOutcome.Saved)
        {
            if (found.ProviderRef is { } refused)
            {
                await ForgetAsync(provider, refused, "a method refused as " + type);
            }
            return new PaymentMethodAnswer(found.Outcome, Detail: found.Detail);
        }
        if (found.CustomerRef is { } customer)
        {
            await KeepCustomerAsync(provider, customer);
        }
        if (methods.FirstOrDefault(m => m.Provider == provider.Name && m.Fingerprint == found.Fingerprint) is { } saved)
        {
            if (saved.ProviderRef != found.ProviderRef)
            {
                await ForgetAsync(provider, found.ProviderRef!, "a second copy of " + saved.View.Id);
            }
            return new PaymentMethodAnswer(PaymentMethodOutcome.AlreadySaved, saved.View);
        }
        if (methods.Count >= IPaymentMethodsGrain.MaxMethods)
        {
            await ForgetAsync(provider, found.ProviderRef!, "a method past the most a player keeps");
            return new PaymentMethodAnswer(PaymentMethodOutcome.TooMany);
        }
        var id = "pm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var method = new SavedPaymentMethod(
            new PaymentMethodView(id, type, found.Brand!, found.LastFour, found.Expiry, makeDefault || methods.Count == 0, Truncated(time.GetUtcNow())),
            provider.Name, found.ProviderRef!, found.Fingerprint!, found.CustomerRef);
        await store.AddAsync(UserId, method, CancellationToken.None);
        methods = method.View.IsDefault ? [.. methods.Select(m => WithDefault(m, false)), method] : [.. methods, method];
        return new PaymentMethodAnswer(PaymentMethodOutcome.Saved, method.View);
    }

    private async Task KeepCustomerAsync(IPaymentProvider provider, string customer)
    {
        if (!customers.Contains(provider.Name))
        {
            await store.KeepCustomerAsync(UserId, provider.Name, customer, time.GetUtcNow(), CancellationToken.None);
            customers.Add(provider.Name);
        }
    }

    private async Task ForgetAsync(IPaymentProvider provider, string providerRef, string what)
    {
        try
        {
            await provider.ForgetMethodAsync(providerRef, CancellationToken.None);
        }
        catch (PaymentProviderUnavailableException e)
        {
            LogNotForgotten(logger, what, e.Message);
        }
    }

    public Task<IReadOnlyList<PaymentMethodView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<PaymentMethodView>>(
            [.. methods.Select(m => m.View).OrderByDescending(m => m.IsDefault).ThenByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id, StringComparer.Ordinal)]);

    public async Task<bool> RemoveAsync(string methodId)
    {
        if (methods.FirstOrDefault(m => m.View.Id == methodId) is not { } removed)
        {
            return false;
        }
        var left = methods.Where(m => m != removed).ToList();
        var newDefault = removed.View.IsDefault ? left.OrderByDescending(m => m.View.CreatedAt).FirstOrDefault()?.View.Id : null;
        await store.RemoveAsync(UserId, methodId, newDefault, time.GetUtcNow(), CancellationToken.None);
        methods = [.. left.Select(m => m.View.Id == newDefault ? WithDefault(m, true) : m)];
        await ForgetAsync(providers.Named(removed.Provider), removed.ProviderRef, removed.View.Id);
        return true;
    }

    public async Task<PaymentMethodView?> SetDefaultAsync(string methodId)
    {
        if (methods.All(m => m.View.Id != methodId))
        {
            return null;
        }
        await store.SetDefaultAsync(UserId, methodId, CancellationToken.None);
        methods = [.. methods.Select(m => WithDefault(m, m.View.Id == methodId))];
        return methods.First(m => m.View.Id == methodId).View;
    }

    public Task<SavedPaymentMethod?> FindAsync(string methodId) =>
        Task.FromResult(methods.FirstOrDefault(m => m.View.Id == methodId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment method {Method} is not kept here, but its provider was not told to forget it: {Reason}")]
    private static partial void LogNotForgotten(ILogger logger, string method, string reason);

    private static SavedPaymentMethod WithDefault(SavedPaymentMethod method, bool isDefault) =>
        method with { View = method.View with { IsDefault = isDefault } };

    /// <summary>At the table's precision (microseconds), so that a list read after a reactivation equals this one.</summary>
    private static DateTimeOffset Truncated(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
