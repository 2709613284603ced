using Faucet.Feed;
using Faucet.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Faucet.Api.Hosting;

public static class FaucetClientBuilderExtensions
{
    /// <summary>Joins the cluster as a client: gateways are found in the same PostgreSQL membership table the
    /// silos write, so silos can come and go without reconfiguring the front end.</summary>
    public static IClientBuilder AddFaucetClient(this IClientBuilder client, OrleansHostSettings settings)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = OrleansHostSettings.Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
        // Silos come and go (scale-out, restarts): look for new gateways every 10 s rather than every minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        client.Services.AddFaucetExceptionSerialization();
        client.AddMemoryStreams(FeedStreams.ProviderName);
        client.AddDashboard();
        return client;
    }
}
