using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.Webhooks;

/// <summary>At silo start: the endpoints of integrations.yaml into <c>webhook_endpoints</c>, and each told to look for
/// work. Never keeps a silo from starting; the next silo to start syncs them again.</summary>
public static partial class ConfiguredWebhooks
{
    public static async Task SyncAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConfiguredWebhooks));
        try
        {
            var configured = services.GetRequiredService<IntegrationsOptions>().Webhooks
                .Select(w => (w.Url, w.Secret, (IReadOnlyList<string>)w.Events)).ToList();
            var ids = await services.GetRequiredService<IWebhookStore>().SyncConfiguredAsync(configured, DateTimeOffset.UtcNow, cancellationToken);
            foreach (var id in ids)
            {
                await services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookEndpointGrain>(id).PokeAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotSynced(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook endpoints of integrations.yaml were not synced")]
    private static partial void LogNotSynced(ILogger logger, Exception exception);
}
