using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Faucet.Hosting;

public static class FaucetServiceCollectionExtensions
{
    /// <summary>The loaded configuration, each file's options on its own, and the clock Faucet's rules read.</summary>
    public static IServiceCollection AddFaucetConfiguration(this IServiceCollection services, FaucetConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(configuration.Payout);
        services.AddSingleton(configuration.Integrations);
        services.AddSingleton(configuration.Product);
        services.AddSingleton(new Boosts.BoostSchedule(configuration.Payout));
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(FaucetClock.Key, TimeProvider.System);
        return services;
    }

    /// <summary>Lets a database error thrown in a grain reach the caller as itself (with its message), instead
    /// of as "no codec for this exception type". Both silos and clients need it.</summary>
    public static IServiceCollection AddFaucetExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
