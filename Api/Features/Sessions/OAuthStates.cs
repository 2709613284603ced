using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Sessions;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// The <c>state</c> of a Discord sign-in: <c>nonce.expiry.signature</c>, signed with a key derived from the session
/// signing key, valid for ten minutes, held by its <see cref="IOAuthStateGrain"/> and consumed by the first callback
/// that brings it back. The browser that started the sign-in holds the nonce in a cookie, so a callback in another
/// browser (a sign-in forced on someone) is refused too. Signing and the cookie stay here, with the session signing key
/// the front end holds anyway; the silo never needs it for this.
/// </summary>
public sealed class OAuthStates(IClusterClient cluster, IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    public const string BrowserCookie = "faucet_oauth";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly byte[] key = integrations.Sessions.DerivedKey("faucet oauth state");

    public async Task<(string State, string Nonce)> IssueAsync(string returnTo)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = time.GetUtcNow() + Lifetime;
        var payload = nonce + "." + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var state = payload + "." + Sign(payload);
        await cluster.GetGrain<IOAuthStateGrain>(Hash(state)).IssueAsync(returnTo, expires);
        return (state, nonce);
    }

    /// <summary>Uses the state up if it is ours, unexpired, unused and started in this browser: where to go after.</summary>
    public async Task<string?> ConsumeAsync(string? state, string? browserNonce)
    {
        if (state?.Split('.') is not [var nonce, var expiry, var signature]
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(nonce + "." + expiry)))
            || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || DateTimeOffset.FromUnixTimeSeconds(seconds) <= time.GetUtcNow()
            || browserNonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(nonce), Encoding.ASCII.GetBytes(browserNonce)))
        {
            return null;
        }
        return await cluster.GetGrain<IOAuthStateGrain>(Hash(state)).ConsumeAsync();
    }

    private string Sign(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));

    private static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
}
