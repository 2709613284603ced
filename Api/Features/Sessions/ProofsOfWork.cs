using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Sessions;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Proof of work at sign-up, as the ALTCHA widget speaks it. A challenge is a random salt that carries its expiry
/// (<c>salt?expires=unix-seconds</c>), a secret number from 0 to <c>maxnumber</c>, the hex SHA-256 of salt and number
/// as text, and the hex HMAC-SHA256 of that hash under a key derived from the session signing key (so any Api process
/// checks what another issued). A solver tries numbers until the hash matches; the solution names the challenge and
/// the number found. Here a solution is checked (the hash, the signature, the expiry); its grain spends it once.
/// </summary>
public sealed class ProofsOfWork(IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    public const string Algorithm = "SHA-256";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>A base64 JSON solution is a few hundred bytes; anything far longer is not one.</summary>
    private const int MaxSolutionLength = 2048;

    private readonly byte[] key = integrations.Sessions.DerivedKey("faucet signup proof of work");

    /// <summary>Whether new players are asked for a proof at all (<c>sessions.signup_proof_of_work</c> above 0).</summary>
    public bool Asked => integrations.Sessions.SignupProofOfWork > 0;

    /// <param name="Algorithm">Always SHA-256.</param>
    /// <param name="Challenge">Hex SHA-256 of <c>salt</c> followed by the secret number in decimal.</param>
    /// <param name="Maxnumber">The secret number is at most this.</param>
    /// <param name="Salt">Random hex, then <c>?expires=</c> and the challenge's expiry in Unix seconds.</param>
    /// <param name="Signature">Hex HMAC-SHA256 of <c>challenge</c> under the faucet's key.</param>
    public sealed record ProofChallenge(string Algorithm, string Challenge, long Maxnumber, string Salt, string Signature);

    public ProofChallenge Issue()
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "?expires=" + expires.ToString(CultureInfo.InvariantCulture);
        var number = RandomNumberGenerator.GetInt32(integrations.Sessions.SignupProofOfWork + 1);
        var challenge = Hash(salt, number);
        return new ProofChallenge(Algorithm, challenge, integrations.Sessions.SignupProofOfWork, salt, Sign(challenge));
    }

    /// <summary>Checks a solution (base64 of the JSON the widget sends): the proof to spend, or why it is refused, in
    /// words for the caller.</summary>
    public SignUpProof? Check(string solution, out string? problem)
    {
        problem = "proof is not a solution of a challenge from GET /api/v1/auth/proof-of-work: the base64 of {\"algorithm\", \"challenge\", \"number\", \"salt\", \"signature\"}.";
        if (solution.Length is 0 or > MaxSolutionLength || Decoded(solution) is not { } json)
        {
            return null;
        }
        Solved? solved;
        try
        {
            solved = JsonSerializer.Deserialize<Solved>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
        if (solved is not { Algorithm: Algorithm, Challenge: { Length: 64 } challenge, Number: >= 0 and var number, Salt: { } salt, Signature: { Length: 64 } signature }
            || ExpiryOf(salt) is not { } expires)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(challenge))))
        {
            problem = "proof is not signed by this faucet: solve a challenge from GET /api/v1/auth/proof-of-work.";
            return null;
        }
        if (expires <= time.GetUtcNow())
        {
            problem = "proof's challenge has expired: solve a new one from GET /api/v1/auth/proof-of-work.";
            return null;
        }
        if (!string.Equals(Hash(salt, number), challenge, StringComparison.Ordinal))
        {
            problem = "proof's number does not solve its challenge: the SHA-256 of salt and number must be the challenge.";
            return null;
        }
        problem = null;
        return new SignUpProof(challenge, expires);
    }

    private sealed record Solved(string? Algorithm, string? Challenge, long? Number, string? Salt, string? Signature);

    private static string? Decoded(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }

    /// <summary>
    /// The expiry a salt of ours carries: 24 hex digits, <c>?expires=</c> and ten digits of Unix seconds, no later than a
    /// challenge issued now would expire. Only the hash of salt and number is signed, so a solver could move the number's
    /// first digits onto the salt's end and keep the signature; the strict shape and the bound refuse an expiry
    /// lengthened that way.
    /// </summary>
    private DateTimeOffset? ExpiryOf(string salt)
    {
        const int random = 24;
        const string marker = "?expires=";
        if (salt.Length != random + marker.Length + 10 || !salt[..random].All(char.IsAsciiHexDigitLower)
            || !salt.AsSpan(random).StartsWith(marker, StringComparison.Ordinal)
            || !long.TryParse(salt.AsSpan(random + marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return expires <= time.GetUtcNow() + Lifetime + TimeSpan.FromMinutes(1) ? expires : null;
    }

    private static string Hash(string salt, long number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));

    private string Sign(string challenge) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(challenge)));
}
