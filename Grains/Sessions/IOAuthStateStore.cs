namespace Faucet.Sessions;

/// <summary>Discord sign-in states (table <c>oauth_states</c>); written only by <see cref="OAuthStateGrain"/>.</summary>
public interface IOAuthStateStore
{
    Task InsertAsync(string stateHash, string returnTo, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Uses the state up if it is still open: where to go after, or null when it is unknown, used or expired.</summary>
    Task<string?> ConsumeAsync(string stateHash, DateTimeOffset now, CancellationToken cancellationToken);
}
