using Faucet.Api;
using Microsoft.AspNetCore.Builder;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Api;

/// <summary>The Api built exactly as its program builds it, listening on a free loopback port.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly WebApplication app;

    private ApiProcess(WebApplication app)
    {
        this.app = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public static async Task<ApiProcess> StartAsync(string connectionString, params string[] extra)
    {
        var app = FaucetApiHost.Build(FaucetProcessArgs.Api(connectionString, extra), TestHostLogs.Use);
        await app.StartAsync();
        return new ApiProcess(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
