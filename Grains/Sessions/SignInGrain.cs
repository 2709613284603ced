using System.Security.Cryptography;
using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Sessions;

/// <summary>A sign-in and its refresh tokens: opaque random strings, stored as hashes by <see cref="IRefreshTokenStore"/>.</summary>
public sealed class SignInGrain(
    IRefreshTokenStore tokens,
    IAuditLog audit,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ISignInGrain
{
    private Guid Session => this.GetPrimaryKey();

    private TimeSpan Lifetime => TimeSpan.FromDays(integrations.Sessions.RefreshTokenDays);

    public async Task<string> StartAsync(UserId user)
    {
        var token = NewToken();
        var now = time.GetUtcNow();
        await tokens.StartAsync(Session, user, token, now, now + Lifetime, CancellationToken.None);
        return token;
    }

    public async Task<RefreshOutcome> RotateAsync(string refreshToken)
    {
        var next = NewToken();
        var now = time.GetUtcNow();
        var (status, user) = await tokens.RotateAsync(Session, refreshToken, next, now, now + Lifetime, CancellationToken.None);
        switch (status)
        {
            case RefreshStatus.Rotated:
                return new RefreshOutcome(status, user, Session, next);
            case RefreshStatus.Reused:
                await audit.RecordAsync("sessions", "session.refresh_reused", user!.Value.Value, new { session = (Guid?)Session }, CancellationToken.None);
                return new RefreshOutcome(status, user, Session, null);
            default:
                return new RefreshOutcome(RefreshStatus.Invalid, null, null, null);
        }
    }

    public Task EndAsync() => tokens.EndAsync(Session, time.GetUtcNow(), CancellationToken.None);

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
