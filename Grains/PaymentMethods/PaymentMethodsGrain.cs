using System.Security.Cryptography;
using Faucet.Hosting;
using Faucet.Integrations.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.PaymentMethods;

/// <summary>
/// One player's saved payment methods. The table is their record (loaded on activation, written before the answer); the
/// provider of new purchases is asked what a token stands for and keeps the method, and only its id there, the brand,
/// the last four digits, the expiry and the type are kept here. Requests to save are counted in this activation, which is
/// the player's only one: a player past <see cref="IPaymentMethodsGrain.AddsPerMinute"/> in a minute is told when to come
/// back, and the provider is not asked.
/// </summary>
public sealed partial class PaymentMethodsGrain(
    IPaymentMethodStore store,
    PaymentProviders providers,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<PaymentMethodsGrain> logger) : Grain, IPaymentMethodsGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> recentAdds = new();
    private List<SavedPaymentMethod> methods = [];

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        methods = await store.LoadAsync(UserId, cancellationToken);

    public async Task<PaymentMethodAnswer> AddAsync(string type, string token, bool makeDefault)
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
        if (found is null)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.NotOffered);
        }
        if (found.Outcome != PaymentMethodOutcome.Saved)
        {
            return new PaymentMethodAnswer(found.Outcome, Detail: found.Detail);
        }
        if (methods.FirstOrDefault(m => m.Provider == provider.Name && m.Fingerprint == found.Fingerprint) is { } saved)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.AlreadySaved, saved.View);
        }
        if (methods.Count >= IPaymentMethodsGrain.MaxMethods)
        {
            return new PaymentMethodAnswer(PaymentMethodOutcome.TooMany);
        }
        var id = "pm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var method = new SavedPaymentMethod(
            new PaymentMethodView(id, type, found.Brand!, found.LastFour, found.Expiry, makeDefault || methods.Count == 0, Truncated(now)),
            provider.Name, found.ProviderRef!, found.Fingerprint!, found.CustomerRef);
        await store.AddAsync(UserId, method, CancellationToken.None);
        methods = method.View.IsDefault ? [.. methods.Select(m => WithDefault(m, false)), method] : [.. methods, method];
        return new PaymentMethodAnswer(PaymentMethodOutcome.Saved, method.View);
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
        try
        {
            await providers.Named(removed.Provider).ForgetMethodAsync(removed.ProviderRef, CancellationToken.None);
        }
        catch (PaymentProviderUnavailableException e)
        {
            LogNotForgotten(logger, removed.View.Id, e.Message);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment method {MethodId} is removed here, but its provider was not told: {Reason}")]
    private static partial void LogNotForgotten(ILogger logger, string methodId, string reason);

    private static SavedPaymentMethod WithDefault(SavedPaymentMethod method, bool isDefault) =>
        method with { View = method.View with { IsDefault = isDefault } };

    /// <summary>At the table's precision (microseconds), so that a list read after a reactivation equals this one.</summary>
    private static DateTimeOffset Truncated(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
