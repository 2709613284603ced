namespace Faucet.PaymentMethods;

/// <summary>The <c>payment_methods</c> and <c>payment_customers</c> tables, as a player's PaymentMethods grain keeps them.</summary>
public interface IPaymentMethodStore
{
    /// <summary>The player's methods in use.</summary>
    Task<List<SavedPaymentMethod>> LoadAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The player's customer at <paramref name="provider"/>, if it made one.</summary>
    Task<string?> CustomerOfAsync(string userId, string provider, CancellationToken cancellationToken);

    /// <summary>Keeps the customer <paramref name="provider"/> made for the player; the first kept stays.</summary>
    Task KeepCustomerAsync(string userId, string provider, string customerRef, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Adds a method; if it is the default, the player's other methods are not, in the same transaction.</summary>
    Task AddAsync(string userId, SavedPaymentMethod method, CancellationToken cancellationToken);

    /// <summary>Marks a method removed and makes <paramref name="newDefault"/> (if any) the default, at once.</summary>
    Task RemoveAsync(string userId, string methodId, string? newDefault, DateTimeOffset at, CancellationToken cancellationToken);

    Task SetDefaultAsync(string userId, string methodId, CancellationToken cancellationToken);
}
