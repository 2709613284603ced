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
/// the front end holds anyway; the silo never needs it for this. A proof of work checked when the sign-in started
/// rides in the signed state (<c>nonce.expiry.challenge.proof-expiry.signature</c>) to the callback, which spends it
/// only if the Discord account turns out to be a new player.
/// </summary>
public sealed class OAuthStates(IClusterClient cluster, IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    public const string BrowserCookie = "faucet_oauth";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly byte[] key = integrations.Sessions.DerivedKey("faucet oauth state");

    public async Task<(string State, string Nonce)> IssueAsync(string returnTo, SignUpProof? proof = null)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = time.GetUtcNow() + Lifetime;
        var payload = nonce + "." + Seconds(expires)
            + (proof is null ? "" : "." + proof.Challenge + "." + Seconds(proof.ExpiresAt));
        var state = payload + "." + Sign(payload);
        await cluster.GetGrain<IOAuthStateGrain>(Hash(state)).IssueAsync(returnTo, expires);
        return (state, nonce);
    }

    /// <summary>Uses the state up if it is ours, unexpired, unused and started in this browser: where to go after, and
    /// the proof of work the sign-in brought.</summary>
    public async Task<(string ReturnTo, SignUpProof? Proof)?> ConsumeAsync(string? state, string? browserNonce)
    {
        var parts = state?.Split('.');
        if (parts is not ({ Length: 3 } or { Length: 5 })
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[^1]), Encoding.ASCII.GetBytes(Sign(string.Join('.', parts[..^1]))))
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || DateTimeOffset.FromUnixTimeSeconds(seconds) <= time.GetUtcNow()
            || browserNonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[0]), Encoding.ASCII.GetBytes(browserNonce)))
        {
            return null;
        }
        // Signed with the rest, so written here: the proof's expiry parses.
        var proof = parts.Length == 5 ? new SignUpProof(parts[2], DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[3], CultureInfo.InvariantCulture))) : null;
        return await cluster.GetGrain<IOAuthStateGrain>(Hash(state!)).ConsumeAsync() is { } returnTo ? (returnTo, proof) : null;
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private string Sign(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));

    private static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
}
