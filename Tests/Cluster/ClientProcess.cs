using Faucet.Api.Hosting;
using Faucet.Hosting;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Faucet.Tests.Cluster;

/// <summary>An Orleans client configured as the Api configures its own: gateways found in PostgreSQL.</summary>
public sealed class ClientProcess : IAsyncDisposable
{
    private readonly IHost host;

    private ClientProcess(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClientProcess> StartAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(FaucetProcessArgs.Api(connectionString));
        var settings = OrleansHostSettings.From(builder.Configuration);
        builder.UseOrleansClient(client => client.AddFaucetClient(settings));
        TestHostLogs.Use(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new ClientProcess(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
