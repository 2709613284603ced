using Faucet.Identities;

namespace Faucet.Sessions;

/// <summary>Wallet sign-in challenges (table <c>auth_challenges</c>); written only by <see cref="WalletChallengeGrain"/>.</summary>
public interface IWalletChallengeStore
{
    Task InsertAsync(string nonce, IdentityKey did, string message, DateTimeOffset issuedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Uses the challenge up if it is still open: its key and message, or null when it is unknown, used or
    /// expired.</summary>
    Task<(IdentityKey Did, string Message)?> ConsumeAsync(string nonce, DateTimeOffset now, CancellationToken cancellationToken);
}
