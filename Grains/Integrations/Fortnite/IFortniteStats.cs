namespace Faucet.Integrations.Fortnite;

/// <summary>The Fortnite stats API: a player's lifetime kills by Epic account id.</summary>
public interface IFortniteStats
{
    /// <summary>Throws <see cref="FortniteUnavailableException"/> when the API cannot answer (5xx, unreachable).</summary>
    Task<FortniteAnswer> LifetimeKillsAsync(string epicAccountId, CancellationToken cancellationToken);
}
