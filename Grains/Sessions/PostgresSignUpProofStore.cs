using Npgsql;

namespace Faucet.Sessions;

public sealed class PostgresSignUpProofStore(NpgsqlDataSource database) : ISignUpProofStore
{
    /// <remarks>The insert that meets an existing row is what makes a proof single use even if two activations of its
    /// grain met (two silos, a partition). Each spend also clears a few rows whose challenges expired long enough ago
    /// that no clock skew can bring them back, so the table holds about the last few minutes of sign-ups.</remarks>
    public async Task<bool> SpendAsync(string challenge, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH expired AS (
                DELETE FROM signup_proofs
                 WHERE challenge IN (SELECT challenge FROM signup_proofs WHERE expires_at < @now - interval '1 hour' LIMIT 100)
            )
            INSERT INTO signup_proofs (challenge, expires_at, spent_at) VALUES (@challenge, @expires, @now)
            ON CONFLICT (challenge) DO NOTHING
            """);
        command.Parameters.AddWithValue("challenge", challenge);
        command.Parameters.AddWithValue("expires", expiresAt);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
