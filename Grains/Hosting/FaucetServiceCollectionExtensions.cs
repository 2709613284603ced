using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Hosting;

public static class FaucetServiceCollectionExtensions
{
    /// <summary>The loaded configuration, each file's options on its own, and the clock everything reads.</summary>
    public static IServiceCollection AddFaucetConfiguration(this IServiceCollection services, FaucetConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(configuration.Payout);
        services.AddSingleton(configuration.Integrations);
        services.AddSingleton(configuration.Product);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
