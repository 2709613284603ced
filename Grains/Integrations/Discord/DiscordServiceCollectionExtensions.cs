using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Faucet.Integrations.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>The live Discord adapter or the simulated one, as <c>discord.mode</c> says.</summary>
    public static IServiceCollection AddDiscordOAuth(this IServiceCollection services, DiscordOptions options)
    {
        services.AddSingleton(options);
        if (options.Mode == IntegrationMode.Simulated)
        {
            return services.AddSingleton<IDiscordOAuth, SimulatedDiscordOAuth>();
        }
        services.AddHttpClient<IDiscordOAuth, DiscordOAuthClient>(http =>
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
                // A code works once: the exchange (a POST) is never sent twice.
                resilience.Retry.DisableForUnsafeHttpMethods();
            });
        return services;
    }
}
