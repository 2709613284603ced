using System.Globalization;
using System.Security.Cryptography;
using Faucet.Hosting;
using Faucet.Identities;
using Npgsql;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Wallet sign-in challenges (table <c>auth_challenges</c>): the exact message a key is asked to sign, naming the
/// site, the key, a nonce, when it was issued and when it expires. A challenge is consumed by its first use, signed
/// correctly or not, so a signature can never be replayed and a wrong guess costs a new challenge.
/// </summary>
public sealed class WalletChallenges(NpgsqlDataSource database, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<WalletChallenge> IssueAsync(string domain, IdentityKey did, CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issuedAt = Truncated(time.GetUtcNow());
        var expiresAt = issuedAt + Lifetime;
        var message = string.Create(CultureInfo.InvariantCulture, $"""
            {domain} asks you to sign in with your key:
            {did.Value}

            Nonce: {nonce}
            Issued At: {issuedAt:yyyy-MM-ddTHH:mm:ssZ}
            Expiration Time: {expiresAt:yyyy-MM-ddTHH:mm:ssZ}
            """);
        await using var insert = database.CreateCommand("""
            INSERT INTO auth_challenges (nonce, did, message, issued_at, expires_at) VALUES (@nonce, @did, @message, @issued, @expires)
            """);
        insert.Parameters.AddWithValue("nonce", nonce);
        insert.Parameters.AddWithValue("did", did.Value);
        insert.Parameters.AddWithValue("message", message);
        insert.Parameters.AddWithValue("issued", issuedAt);
        insert.Parameters.AddWithValue("expires", expiresAt);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return new WalletChallenge(nonce, did.Value, message, expiresAt);
    }

    /// <summary>Uses the challenge up, if it is still open: its key and message, or null when it is unknown, used or
    /// expired.</summary>
    public async Task<(IdentityKey Did, string Message)?> ConsumeAsync(string nonce, CancellationToken cancellationToken)
    {
        await using var consume = database.CreateCommand("""
            UPDATE auth_challenges SET consumed_at = @now
             WHERE nonce = @nonce AND consumed_at IS NULL AND expires_at > @now
            RETURNING did, message
            """);
        consume.Parameters.AddWithValue("nonce", nonce);
        consume.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await consume.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (IdentityKey.Parse(reader.GetString(0)), reader.GetString(1)) : null;
    }

    private static DateTimeOffset Truncated(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
