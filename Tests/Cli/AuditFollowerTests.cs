using System.Net.Http.Headers;
using System.Text.Json;
using Faucet.Cli;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Npgsql;

namespace Faucet.Tests.Cli;

/// <summary><c>audit tail --follow</c>'s follower against a real Api reading the audit log in PostgreSQL, with entries
/// written straight into the log between polls: more than a page at once, and one committed after a later one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditFollowerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task RecordAsync(NpgsqlConnection connection, string action, int count, NpgsqlTransaction? transaction = null)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO audit_log (actor, action, subject) SELECT 'test', @action, 'n' || n FROM generate_series(1, @count) n", connection, transaction);
        insert.Parameters.AddWithValue("action", action);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync();
    }

    private static List<string> Subjects(IEnumerable<JsonElement> entries, string action) =>
        entries.Where(e => e.GetProperty("action").GetString() == action).Select(e => e.GetProperty("subject").GetString()!).ToList();

    [Fact]
    public async Task Following_gives_every_entry_once_oldest_first_however_many_come_and_in_whatever_order_they_commit()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var http = new HttpClient { BaseAddress = api.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken);
        var follower = new AuditFollower(async (path, cancellationToken) =>
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        });
        await using var connection = new NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        await RecordAsync(connection, "before", 3);
        using (var tail = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/admin/audit?limit=2", UriKind.Relative))))
        {
            follower.Seen(tail.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList());
        }

        // Two and a half pages at once.
        await RecordAsync(connection, "burst", 250);
        var burst = await follower.NextAsync(CancellationToken.None);
        // An entry whose id is taken before another's but committed after it, and a poll between the two commits.
        await using var slow = new NpgsqlConnection(cluster.Database);
        await slow.OpenAsync();
        await using var late = await slow.BeginTransactionAsync();
        await RecordAsync(slow, "late", 1, late);
        await RecordAsync(connection, "early", 1);
        var beforeLateCommits = await follower.NextAsync(CancellationToken.None);
        await late.CommitAsync();
        var afterLateCommits = await follower.NextAsync(CancellationToken.None);
        var quiet = await follower.NextAsync(CancellationToken.None);

        var ids = burst.Concat(beforeLateCommits).Concat(afterLateCommits).Select(e => e.GetProperty("id").GetInt64()).ToList();
        // The oldest of the first three was not in the tail, and is older than the tail: it is not given.
        Assert.Equal([], Subjects(burst.Concat(beforeLateCommits).Concat(afterLateCommits), "before"));
        Assert.Equal(Enumerable.Range(1, 250).Select(n => "n" + n), Subjects(burst, "burst"));
        Assert.Equal(burst.Select(e => e.GetProperty("id").GetInt64()).Order(), burst.Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(["n1"], Subjects(beforeLateCommits, "early"));
        Assert.Empty(Subjects(beforeLateCommits, "late"));
        Assert.Equal(["n1"], Subjects(afterLateCommits, "late"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(Subjects(quiet, "before").Concat(Subjects(quiet, "burst")).Concat(Subjects(quiet, "early")).Concat(Subjects(quiet, "late")));
    }
}
