namespace Faucet.PaymentMethods;

[GenerateSerializer, Alias("faucet.PaymentMethodOutcome")]
public enum PaymentMethodOutcome
{
    Saved,

    /// <summary>The provider does not know the token, or it is of another type than asked.</summary>
    InvalidToken,

    /// <summary>The provider knows the method and refuses it.</summary>
    Declined,

    /// <summary>This method is saved already (the answer names it): nothing changed.</summary>
    AlreadySaved,

    /// <summary>The player keeps as many methods as allowed: remove one first.</summary>
    TooMany,

    /// <summary>Too many requests this minute: nothing was asked of the provider.</summary>
    RateLimited,

    /// <summary>The provider of new purchases takes no saved methods.</summary>
    NotOffered,

    /// <summary>The provider did not answer: nothing is known; ask again.</summary>
    ProviderUnavailable,

    /// <summary>The provider's page where the player adds a method is open (the answer's URL); nothing is saved yet.</summary>
    SetupOpened,

    /// <summary>The provider refused the request as made (its reason is the detail): nothing was saved.</summary>
    Refused,
}

/// <param name="Method">The method saved, or the one already saved.</param>
/// <param name="Detail">Why the token was refused, in the provider's words as far as they are safe to show.</param>
/// <param name="RetryAfter">With <see cref="PaymentMethodOutcome.RateLimited"/>: when another request is taken.</param>
/// <param name="Url">With <see cref="PaymentMethodOutcome.SetupOpened"/>: where the player adds the method.</param>
[GenerateSerializer, Immutable, Alias("faucet.PaymentMethodAnswer")]
public sealed record PaymentMethodAnswer(
    [property: Id(0)] PaymentMethodOutcome Outcome,
    [property: Id(1)] PaymentMethodView? Method = null,
    [property: Id(2)] string? Detail = null,
    [property: Id(3)] TimeSpan? RetryAfter = null,
    [property: Id(4)] string? Url = null);
