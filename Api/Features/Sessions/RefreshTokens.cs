using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Players;
using Npgsql;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Refresh tokens (table <c>refresh_tokens</c>): opaque random strings, stored only as their SHA-256. Each sign-in
/// starts a family; each refresh consumes the presented token and issues the family's next one. A consumed token
/// presented again was copied by someone, so the whole family is revoked, the thief's tokens and the player's
/// alike.
/// </summary>
public sealed class RefreshTokens(NpgsqlDataSource database, IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    private readonly TimeSpan lifetime = TimeSpan.FromDays(integrations.Sessions.RefreshTokenDays);

    public TimeSpan Lifetime => lifetime;

    /// <summary>Starts a sign-in: a new family and its first token.</summary>
    public async Task<(string Token, Guid Session)> StartAsync(UserId user, CancellationToken cancellationToken)
    {
        var session = Guid.NewGuid();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var family = new NpgsqlCommand("INSERT INTO refresh_families (family_id, user_id, started_at) VALUES (@family, @user, @now)", connection, transaction))
        {
            family.Parameters.AddWithValue("family", session);
            family.Parameters.AddWithValue("user", user.Value);
            family.Parameters.AddWithValue("now", time.GetUtcNow());
            await family.ExecuteNonQueryAsync(cancellationToken);
        }
        var token = await IssueAsync(connection, transaction, session, user.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (token, session);
    }

    /// <summary>
    /// Consumes the token and issues the family's next one. The family's row is locked first, so two rotations of one
    /// token run one after the other (the second finds it used: reuse), and a revocation either waits for the new token
    /// and revokes it too, or comes first and the rotation is refused.
    /// </summary>
    public async Task<RefreshOutcome> RotateAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid session;
        string user;
        bool used, usable;
        await using (var find = new NpgsqlCommand("""
            SELECT t.family_id, t.user_id, t.used_at IS NOT NULL, f.revoked_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > @now
              FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id
             WHERE t.token_hash = @hash
               FOR UPDATE OF f
            """, connection, transaction))
        {
            find.Parameters.AddWithValue("hash", Hash(token));
            find.Parameters.AddWithValue("now", now);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new RefreshOutcome(RefreshStatus.Invalid, null, null, null);
            }
            (session, user, used, usable) = (reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
        }
        if (!usable)
        {
            return new RefreshOutcome(RefreshStatus.Invalid, null, null, null);
        }
        if (used)
        {
            await RevokeFamilyAsync(connection, transaction, session, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RefreshOutcome(RefreshStatus.Reused, UserId.Parse(user), session, null);
        }
        await using (var consume = new NpgsqlCommand("UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @hash", connection, transaction))
        {
            consume.Parameters.AddWithValue("hash", Hash(token));
            consume.Parameters.AddWithValue("now", now);
            await consume.ExecuteNonQueryAsync(cancellationToken);
        }
        var next = await IssueAsync(connection, transaction, session, user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RefreshOutcome(RefreshStatus.Rotated, UserId.Parse(user), session, next);
    }

    /// <summary>Ends the sign-in the token belongs to; its family, or null if the token is unknown.</summary>
    public async Task<Guid?> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var find = new NpgsqlCommand("SELECT family_id FROM refresh_tokens WHERE token_hash = @hash", connection);
        find.Parameters.AddWithValue("hash", Hash(token));
        if (await find.ExecuteScalarAsync(cancellationToken) is not Guid session)
        {
            return null;
        }
        await RevokeAsync(session, cancellationToken);
        return session;
    }

    public async Task RevokeAsync(Guid session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RevokeFamilyAsync(connection, transaction, session, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<string> IssueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid session, string user, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at) VALUES (@hash, @family, @user, @now, @expires)
            """, connection, transaction);
        insert.Parameters.AddWithValue("hash", Hash(token));
        insert.Parameters.AddWithValue("family", session);
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("expires", now + lifetime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    /// <summary>The family's row first (waiting for a rotation in flight), then every token of it, new ones included.</summary>
    private static async Task RevokeFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var sql in new[]
                 {
                     "UPDATE refresh_families SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL",
                     "UPDATE refresh_tokens SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL",
                 })
        {
            await using var revoke = new NpgsqlCommand(sql, connection, transaction);
            revoke.Parameters.AddWithValue("family", session);
            revoke.Parameters.AddWithValue("now", now);
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
