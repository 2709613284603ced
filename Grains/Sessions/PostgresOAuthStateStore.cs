using Npgsql;

namespace Faucet.Sessions;

public sealed class PostgresOAuthStateStore(NpgsqlDataSource database) : IOAuthStateStore
{
    public async Task InsertAsync(string stateHash, string returnTo, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand("INSERT INTO oauth_states (state_hash, return_to, expires_at) VALUES (@hash, @return, @expires)");
        insert.Parameters.AddWithValue("hash", stateHash);
        insert.Parameters.AddWithValue("return", returnTo);
        insert.Parameters.AddWithValue("expires", expiresAt);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>The conditional update is what makes a state single use even if two activations of its grain met.</remarks>
    public async Task<string?> ConsumeAsync(string stateHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var consume = database.CreateCommand("""
            UPDATE oauth_states SET consumed_at = @now WHERE state_hash = @hash AND consumed_at IS NULL AND expires_at > @now RETURNING return_to
            """);
        consume.Parameters.AddWithValue("hash", stateHash);
        consume.Parameters.AddWithValue("now", now);
        return await consume.ExecuteScalarAsync(cancellationToken) as string;
    }
}
