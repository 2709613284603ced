using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Integrations.Fortnite;

public static class FortniteServiceCollectionExtensions
{
    public static IServiceCollection AddFortniteStats(this IServiceCollection services, FortniteOptions options)
    {
        services.AddSingleton(options);
        if (options.Mode == IntegrationMode.Simulated)
        {
            return services.AddSingleton<IFortniteStats, SimulatedFortniteStats>();
        }
        services.AddHttpClient<IFortniteStats, FortniteStatsClient>(http =>
        {
            http.BaseAddress = new Uri(options.ApiBase.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        return services;
    }
}
