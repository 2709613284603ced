using System.Collections.Concurrent;
using Faucet.Configuration;
using Npgsql;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// The sign-ins ended lately, so that their access tokens stop working before they expire. A sign-out through this
/// process takes effect here at once; every <see cref="PollEvery"/> the list is read afresh from
/// <c>refresh_families</c>, which is how the other Api processes learn of it. Only revocations younger than an access
/// token's lifetime matter, and only those are kept.
/// </summary>
public sealed partial class RevokedSessions(NpgsqlDataSource database, IntegrationsOptions integrations, ILogger<RevokedSessions> logger) : BackgroundService
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
        await using var command = database.CreateCommand("SELECT family_id, revoked_at FROM refresh_families WHERE revoked_at > now() - @window");
        command.Parameters.AddWithValue("window", window);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            revoked[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
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
