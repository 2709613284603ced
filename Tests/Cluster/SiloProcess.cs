using Faucet.Silo;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Faucet.Tests.Cluster;

/// <summary>A silo built exactly as the Silo program builds it, hosted inside the test process.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private SiloProcess(IHost host, int siloPort, int gatewayPort)
    {
        this.host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public IServiceProvider Services => host.Services;

    public int SiloPort { get; }
    public int GatewayPort { get; }

    public static async Task<SiloProcess> StartAsync(string connectionString, params string[] extra)
    {
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var host = FaucetSiloHost.Build(FaucetProcessArgs.Silo(connectionString, siloPort, gatewayPort, extra));
        await host.StartAsync();
        return new SiloProcess(host, siloPort, gatewayPort);
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}
