using Faucet.Configuration;
using Faucet.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Faucet.Integrations.Banano;

public static class BananoServiceCollectionExtensions
{
    /// <summary>The node adapter that <c>banano.mode</c> asks for: the JSON RPC client, or the simulated node.</summary>
    public static IServiceCollection AddBananoNode(this IServiceCollection services, BananoOptions options)
    {
        if (options.Mode == IntegrationMode.Simulated)
        {
            return services.AddSingleton<IBananoNode>(provider => new SimulatedBananoNode(options, provider.GetRequiredKeyedService<TimeProvider>(FaucetClock.Key)));
        }

        var attemptTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        services.AddHttpClient<IBananoNode, BananoRpcClient>(http =>
            {
                http.BaseAddress = new Uri(options.NodeRpc);
                // The resilience handler owns the timeouts: one per attempt, one for the whole call.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = attemptTimeout;
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.UseJitter = true;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.TotalRequestTimeout.Timeout = options.LongestCall;
                resilience.CircuitBreaker.SamplingDuration = attemptTimeout * 2 + TimeSpan.FromSeconds(10);
            });
        return services;
    }
}
