using System.Security.Cryptography;
using System.Text;
using Faucet.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Integrations.Fortnite;

/// <summary>SIMULATED Fortnite stats, for the local demo: every account has made-up lifetime kills that grow by about one
/// every ten minutes.</summary>
public sealed class SimulatedFortniteStats([FromKeyedServices(FaucetClock.Key)] TimeProvider time) : IFortniteStats
{
    public Task<FortniteAnswer> LifetimeKillsAsync(string epicAccountId, CancellationToken cancellationToken)
    {
        var start = SHA256.HashData(Encoding.UTF8.GetBytes(epicAccountId))[0];
        var grown = (long)(time.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalMinutes / 10;
        return Task.FromResult(new FortniteAnswer(FortniteAnswerKind.Kills, start + grown));
    }
}
