using Faucet.Identities;
using Npgsql;

namespace Faucet.Sessions;

public sealed class PostgresWalletChallengeStore(NpgsqlDataSource database) : IWalletChallengeStore
{
    public async Task InsertAsync(string nonce, IdentityKey did, string message, DateTimeOffset issuedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand("""
            INSERT INTO auth_challenges (nonce, did, message, issued_at, expires_at) VALUES (@nonce, @did, @message, @issued, @expires)
            """);
        insert.Parameters.AddWithValue("nonce", nonce);
        insert.Parameters.AddWithValue("did", did.Value);
        insert.Parameters.AddWithValue("message", message);
        insert.Parameters.AddWithValue("issued", issuedAt);
        insert.Parameters.AddWithValue("expires", expiresAt);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>The conditional update is what makes a challenge single use even if two activations of its grain met.</remarks>
    public async Task<(IdentityKey Did, string Message)?> ConsumeAsync(string nonce, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var consume = database.CreateCommand("""
            UPDATE auth_challenges SET consumed_at = @now
             WHERE nonce = @nonce AND consumed_at IS NULL AND expires_at > @now
            RETURNING did, message
            """);
        consume.Parameters.AddWithValue("nonce", nonce);
        consume.Parameters.AddWithValue("now", now);
        await using var reader = await consume.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (IdentityKey.Parse(reader.GetString(0)), reader.GetString(1)) : null;
    }
}
