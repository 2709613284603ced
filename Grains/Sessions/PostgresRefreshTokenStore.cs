using System.Security.Cryptography;
using System.Text;
using Faucet.Players;
using Npgsql;

namespace Faucet.Sessions;

/// <summary>
/// Tokens are stored only as their SHA-256. Rotation and ending both lock the family's row first, so two rotations
/// of one token run one after the other (the second finds it used: reuse), and an ending either waits for the new
/// token and ends it too, or comes first and the rotation is refused. The grain of the family already runs one call
/// at a time; the lock keeps the rule should two activations of it ever meet.
/// </summary>
public sealed class PostgresRefreshTokenStore(NpgsqlDataSource database) : IRefreshTokenStore
{
    public async Task StartAsync(Guid session, UserId user, string token, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var family = new NpgsqlCommand("INSERT INTO refresh_families (family_id, user_id, started_at) VALUES (@family, @user, @now)", connection, transaction))
        {
            family.Parameters.AddWithValue("family", session);
            family.Parameters.AddWithValue("user", user.Value);
            family.Parameters.AddWithValue("now", now);
            await family.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertAsync(connection, transaction, session, user.Value, token, now, expires, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(RefreshStatus Status, UserId? User)> RotateAsync(Guid session, string token, string successor, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string user;
        bool used, usable;
        await using (var find = new NpgsqlCommand("""
            SELECT t.user_id, t.used_at IS NOT NULL, f.revoked_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > @now
              FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id
             WHERE t.token_hash = @hash AND t.family_id = @family
               FOR UPDATE OF f
            """, connection, transaction))
        {
            find.Parameters.AddWithValue("hash", Hash(token));
            find.Parameters.AddWithValue("family", session);
            find.Parameters.AddWithValue("now", now);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (RefreshStatus.Invalid, null);
            }
            (user, used, usable) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
        }
        if (!usable)
        {
            return (RefreshStatus.Invalid, null);
        }
        if (used)
        {
            await EndFamilyAsync(connection, transaction, session, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (RefreshStatus.Reused, UserId.Parse(user));
        }
        await using (var consume = new NpgsqlCommand("UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @hash", connection, transaction))
        {
            consume.Parameters.AddWithValue("hash", Hash(token));
            consume.Parameters.AddWithValue("now", now);
            await consume.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertAsync(connection, transaction, session, user, successor, now, expires, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (RefreshStatus.Rotated, UserId.Parse(user));
    }

    public async Task EndAsync(Guid session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EndFamilyAsync(connection, transaction, session, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Guid?> SessionOfAsync(string token, CancellationToken cancellationToken)
    {
        await using var find = database.CreateCommand("SELECT family_id FROM refresh_tokens WHERE token_hash = @hash");
        find.Parameters.AddWithValue("hash", Hash(token));
        return await find.ExecuteScalarAsync(cancellationToken) is Guid session ? session : null;
    }

    public async Task<IReadOnlyList<EndedSignIn>> EndedWithinAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT family_id, revoked_at FROM refresh_families WHERE revoked_at > now() - @window");
        command.Parameters.AddWithValue("window", window);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ended = new List<EndedSignIn>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ended.Add(new EndedSignIn(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return ended;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid session, string user, string token,
        DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at) VALUES (@hash, @family, @user, @now, @expires)
            """, connection, transaction);
        insert.Parameters.AddWithValue("hash", Hash(token));
        insert.Parameters.AddWithValue("family", session);
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("expires", expires);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The family's row first (waiting for a rotation in flight), then every token of it, new ones included.</summary>
    private static async Task EndFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid session, DateTimeOffset now, CancellationToken cancellationToken)
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
}
