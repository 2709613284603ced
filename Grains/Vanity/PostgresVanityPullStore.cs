using System.Text.Json;
using Npgsql;

namespace Faucet.Vanity;

public sealed class PostgresVanityPullStore(NpgsqlDataSource database) : IVanityPullStore
{
    private const string Columns = "pull_id, parts, case_insensitive, fuzzy, did, match::text, candidates, tokens, created_at, kept_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> RecordAsync(string userId, VanityPullView pull, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO vanity_pulls (pull_id, user_id, parts, case_insensitive, fuzzy, did, score, of_parts, match, candidates, tokens, created_at)
            VALUES (@id, @user, @parts, @ci, @fuzzy, @did, @score, @of, @match::jsonb, @candidates, @tokens, @at)
            ON CONFLICT (pull_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("id", pull.PullId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.Add(new NpgsqlParameter<string[]>("parts", pull.Request.Parts.ToArray()));
        command.Parameters.AddWithValue("ci", pull.Request.CaseInsensitive);
        command.Parameters.AddWithValue("fuzzy", pull.Request.Fuzzy);
        command.Parameters.AddWithValue("did", pull.Did);
        command.Parameters.AddWithValue("score", pull.Match.Score);
        command.Parameters.AddWithValue("of", pull.Match.Of);
        command.Parameters.AddWithValue("match", JsonSerializer.Serialize(pull.Match, Json));
        command.Parameters.AddWithValue("candidates", pull.Candidates);
        command.Parameters.AddWithValue("tokens", pull.Tokens);
        command.Parameters.AddWithValue("at", pull.CreatedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(VanityPullView Pull, byte[]? Nonce, byte[]? Sealed)?> GetAsync(string userId, string pullId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns}, nonce, sealed_seed FROM vanity_pulls WHERE pull_id = @id AND user_id = @user");
        command.Parameters.AddWithValue("id", pullId);
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (Read(reader), reader.IsDBNull(10) ? null : reader.GetFieldValue<byte[]>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<byte[]>(11));
    }

    public async Task<IReadOnlyList<VanityPullView>> ListAsync(string userId, DateTimeOffset? beforeAt, string? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM vanity_pulls
             WHERE user_id = @user AND (@before_at::timestamptz IS NULL OR (created_at, pull_id) < (@before_at, @before_id))
             ORDER BY created_at DESC, pull_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("before_at", (object?)beforeAt ?? DBNull.Value);
        command.Parameters.AddWithValue("before_id", (object?)beforeId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pulls = new List<VanityPullView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pulls.Add(Read(reader));
        }
        return pulls;
    }

    public async Task<bool> KeepAsync(string userId, string pullId, byte[] nonce, byte[] sealedSeed, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE vanity_pulls SET nonce = @nonce, sealed_seed = @sealed, kept_at = @at
             WHERE pull_id = @id AND user_id = @user AND kept_at IS NULL
            """);
        command.Parameters.AddWithValue("id", pullId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("nonce", nonce);
        command.Parameters.AddWithValue("sealed", sealedSeed);
        command.Parameters.AddWithValue("at", at);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static VanityPullView Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        new VanityRequest(reader.GetFieldValue<string[]>(1), reader.GetBoolean(2), reader.GetBoolean(3)),
        reader.GetString(4),
        JsonSerializer.Deserialize<VanityMatch>(reader.GetString(5), Json)!,
        reader.GetInt64(6),
        reader.GetInt64(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
}
