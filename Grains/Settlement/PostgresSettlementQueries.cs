using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Settlement;

public sealed class PostgresSettlementQueries(NpgsqlDataSource database) : ISettlementQueries
{
    public async Task<string> LedgerAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT id FROM faucet_ledger");
        var id = (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
        return id.ToString("N")[..12];
    }

    public async Task<IReadOnlyList<string>> PlayersWithPendingAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT user_id FROM reward_balances WHERE pending_raw > 0");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }
        return users;
    }

    public async Task<IReadOnlyList<CountedPayout>> CountedPayoutsSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT created_at, amount_raw FROM payouts WHERE user_id = @user AND created_at >= @since AND status IN ('pending', 'sent')");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var payouts = new List<CountedPayout>();
        while (await reader.ReadAsync(cancellationToken))
        {
            payouts.Add(new CountedPayout(reader.GetFieldValue<DateTimeOffset>(0), BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(1))));
        }
        return payouts;
    }
}
