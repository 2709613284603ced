using System.Collections.Concurrent;
using Faucet.Configuration;
using Faucet.Sessions;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// The sign-ins ended lately, so that their access tokens stop working before they expire. A sign-out through this
/// process takes effect here at once; every <see cref="PollEvery"/> the list is asked afresh of the cluster, which is
/// how the other Api processes learn of it. Only revocations younger than an access
/// token's lifetime matter, and only those are kept.
/// </summary>
public sealed partial class RevokedSessions(IClusterClient cluster, IntegrationsOptions integrations, ILogger<RevokedSessions> logger) : BackgroundService
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(5);

    private readonly TimeSpan window = TimeSpan.FromMinutes(integrations.Sessions.AccessTokenMinutes + 1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> revoked = new();

    public bool IsRevoked(Guid session) => revoked.ContainsKey(session);

    public void Revoke(Guid session) => revoked[session] = DateTimeOffset.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollEvery);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var ended in await cluster.GetGrain<ISignInDeskGrain>(0).EndedWithinAsync(window).WaitAsync(cancellationToken))
        {
            revoked[ended.Session] = ended.EndedAt;
        }
        var horizon = DateTimeOffset.UtcNow - window;
        foreach (var (session, at) in revoked)
        {
            if (at < horizon)
            {
                revoked.TryRemove(session, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The revoked sign-ins could not be read; the list from before stands")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
