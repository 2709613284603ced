using Npgsql;

namespace Faucet.Tests.Infrastructure;

public static class Sql
{
    /// <summary>Runs one statement against a test database and returns its first value.</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    public static async Task<long> CountAsync(string connectionString, string sql) => (long)(await ScalarAsync(connectionString, sql))!;
}
