using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Integrations.Yunite;

public static class YuniteServiceCollectionExtensions
{
    /// <summary>The live Yunite adapter or the simulated one, as <c>yunite.mode</c> says.</summary>
    public static IServiceCollection AddYunite(this IServiceCollection services, YuniteOptions options)
    {
        services.AddSingleton(options);
        if (options.Mode == IntegrationMode.Simulated)
        {
            return services.AddSingleton<IYuniteLinks, SimulatedYunite>();
        }
        services.AddHttpClient<IYuniteLinks, YuniteClient>(http =>
            {
                http.BaseAddress = new Uri(options.ApiBase.TrimEnd('/') + "/");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(15);
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.UseJitter = true;
            });
        return services;
    }
}
