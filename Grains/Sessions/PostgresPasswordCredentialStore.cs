using Faucet.Players;
using Npgsql;

namespace Faucet.Sessions;

public sealed class PostgresPasswordCredentialStore(NpgsqlDataSource database) : IPasswordCredentialStore
{
    public async Task<bool> AddAsync(string email, UserId user, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand("""
            INSERT INTO password_credentials (email, user_id, hash, created_at) VALUES (@email, @user, @hash, @at) ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue("email", email);
        insert.Parameters.AddWithValue("user", user.Value);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("at", now);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(UserId User, string Hash)?> FindAsync(string email, CancellationToken cancellationToken)
    {
        await using var find = database.CreateCommand("SELECT user_id, hash FROM password_credentials WHERE email = @email");
        find.Parameters.AddWithValue("email", email);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (UserId.Parse(reader.GetString(0)), reader.GetString(1)) : null;
    }

    public async Task RemoveAsync(string email, UserId user, CancellationToken cancellationToken)
    {
        await using var delete = database.CreateCommand("DELETE FROM password_credentials WHERE email = @email AND user_id = @user");
        delete.Parameters.AddWithValue("email", email);
        delete.Parameters.AddWithValue("user", user.Value);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
