using Faucet.Players;

namespace Faucet.Sessions;

/// <summary>Refresh token families and their tokens (tables <c>refresh_families</c>, <c>refresh_tokens</c>); written only
/// by <see cref="SignInGrain"/>.</summary>
public interface IRefreshTokenStore
{
    Task StartAsync(Guid session, UserId user, string token, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Consumes <paramref name="token"/> of <paramref name="session"/> and records <paramref name="successor"/> in
    /// its place, or ends the family when the token was consumed before.</summary>
    Task<(RefreshStatus Status, UserId? User)> RotateAsync(Guid session, string token, string successor, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken);

    Task EndAsync(Guid session, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Guid?> SessionOfAsync(string token, CancellationToken cancellationToken);

    Task<IReadOnlyList<EndedSignIn>> EndedWithinAsync(TimeSpan window, CancellationToken cancellationToken);
}
