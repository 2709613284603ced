namespace Faucet.Tokens;

[GenerateSerializer, Alias("faucet.TokenChangeStatus")]
public enum TokenChangeStatus
{
    Applied,

    /// <summary>The key was used before for the same change: nothing changed, the first entry is returned.</summary>
    Repeated,

    /// <summary>A debit larger than the balance: nothing changed.</summary>
    InsufficientTokens,

    /// <summary>The key was used before for another change: nothing changed.</summary>
    Conflict,

    /// <summary>No player has this account's id: nothing changed.</summary>
    NoSuchPlayer,

    /// <summary>A paid pull by a player who has not accepted the current terms (or confirmed the age they ask): nothing
    /// changed.</summary>
    TermsNotAccepted,
}
