namespace Faucet.Integrations.Fortnite;

/// <summary>What the stats API said of one Epic account.</summary>
public enum FortniteAnswerKind
{
    Kills,

    /// <summary>403: the player's stats are private.</summary>
    Private,

    /// <summary>404: no such account.</summary>
    Unknown,

    /// <summary>429: over the API's limit; ask again after <see cref="FortniteAnswer.RetryAfter"/>.</summary>
    RateLimited,
}
