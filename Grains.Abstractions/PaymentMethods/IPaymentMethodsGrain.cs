namespace Faucet.PaymentMethods;

/// <summary>
/// One player's saved payment methods, keyed by user id: the only writer of their <c>payment_methods</c> rows. A method
/// is saved from a provider's token (never a card number), at most <see cref="AddsPerMinute"/> requests a minute.
/// </summary>
[Alias("faucet.IPaymentMethodsGrain")]
public interface IPaymentMethodsGrain : IGrainWithStringKey
{
    public const int AddsPerMinute = 10;

    public const int MaxMethods = 10;

    /// <summary>Saves the method the provider's <paramref name="token"/> stands for, as <paramref name="type"/>; the first
    /// method saved, or one saved with <paramref name="makeDefault"/>, becomes the default.</summary>
    [Alias("Add")]
    Task<PaymentMethodAnswer> AddAsync(string type, string token, bool makeDefault);

    /// <summary>Opens the provider's own page where the player adds a method of <paramref name="type"/> (Stripe Checkout
    /// in setup mode): the answer is <see cref="PaymentMethodOutcome.SetupOpened"/> with its URL. Counted with
    /// <see cref="AddAsync"/> against <see cref="AddsPerMinute"/>; the method is saved when the provider tells of it
    /// (<see cref="SaveSetupAsync"/>).</summary>
    [Alias("OpenSetup")]
    Task<PaymentMethodAnswer> OpenSetupAsync(string type, bool makeDefault);

    /// <summary>Saves the method the player added on <paramref name="provider"/>'s page (<paramref name="setupRef"/>) as
    /// <paramref name="type"/>, as <see cref="AddAsync"/> saves a token's: told by the provider (its webhook), so neither
    /// counted nor limited, and told again it is the same method (<see cref="PaymentMethodOutcome.AlreadySaved"/>).</summary>
    [Alias("SaveSetup")]
    Task<PaymentMethodAnswer> SaveSetupAsync(string provider, string type, string setupRef, bool makeDefault);

    /// <summary>The methods in use, the default first, then newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<PaymentMethodView>> ListAsync();

    /// <summary>Removes a method; if it was the default, the newest left becomes it. False if the player has no such
    /// method in use.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(string methodId);

    /// <summary>Makes a method the default; null if the player has no such method in use.</summary>
    [Alias("SetDefault")]
    Task<PaymentMethodView?> SetDefaultAsync(string methodId);

    /// <summary>A method in use, as a purchase pays with it; null if there is none by that id.</summary>
    [Alias("Find")]
    Task<SavedPaymentMethod?> FindAsync(string methodId);
}
