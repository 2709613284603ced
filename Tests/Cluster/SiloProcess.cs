using Faucet.Silo;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

    public static Task<SiloProcess> StartAsync(string connectionString, params string[] extra) => StartAsync(connectionString, extra, services: null);

    /// <param name="services">Changes to the silo's services after Faucet's own.</param>
    public static async Task<SiloProcess> StartAsync(string connectionString, string[] extra, Action<IServiceCollection>? services)
    {
        // A port found free can be taken by a test running alongside before the silo binds it: try fresh ones.
        for (var attempt = 1; ; attempt++)
        {
            var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
            var host = FaucetSiloHost.Build(FaucetProcessArgs.Silo(connectionString, siloPort, gatewayPort, extra), s =>
            {
                TestHostLogs.Use(s);
                services?.Invoke(s);
            });
            try
            {
                await host.StartAsync();
                return new SiloProcess(host, siloPort, gatewayPort);
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
                host.Dispose();
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }
        return false;
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await host.StopAsync();
        }
    }

    /// <summary>Stops the silo without a graceful shutdown: the stop is cancelled from the start, so the silo leaves
    /// without deactivating its grains or handing anything over, as near to a crash as a silo in this process gets.</summary>
    public async Task KillAsync()
    {
        if (!stopped)
        {
            stopped = true;
            try
            {
                await host.StopAsync(new CancellationToken(canceled: true));
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // A cancelled stop may say so, or fail to reach the silos it no longer waits for: it is stopped either way.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}
