using Faucet.Players;

namespace Faucet.Sessions;

/// <summary>E-mail and password credentials (table <c>password_credentials</c>); written only by
/// <see cref="PasswordCredentialGrain"/>.</summary>
public interface IPasswordCredentialStore
{
    /// <summary>Records a new credential; false if the e-mail has one already.</summary>
    Task<bool> AddAsync(string email, UserId user, string hash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<(UserId User, string Hash)?> FindAsync(string email, CancellationToken cancellationToken);

    Task RemoveAsync(string email, UserId user, CancellationToken cancellationToken);
}
