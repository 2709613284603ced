using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Api.Features.Leaderboards;

public sealed class AddressQueries(NpgsqlDataSource database)
{
    public async Task<AddressBalance> BalanceAsync(BananoAddress address, int recent, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        var totals = new NpgsqlBatchCommand("SELECT COALESCE(sum(amount_raw), 0), count(*) FROM payouts WHERE destination = @address AND status = 'sent'");
        totals.Parameters.AddWithValue("address", address.Value);
        var latest = new NpgsqlBatchCommand("""
            SELECT payout_id, round_no, amount_raw, block_hash, updated_at FROM payouts
             WHERE destination = @address AND status = 'sent'
             ORDER BY updated_at DESC, payout_id DESC
             LIMIT @recent
            """);
        latest.Parameters.AddWithValue("address", address.Value);
        latest.Parameters.AddWithValue("recent", recent);
        batch.BatchCommands.Add(totals);
        batch.BatchCommands.Add(latest);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (total, count) = (BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(0)), reader.GetInt64(1));
        await reader.NextResultAsync(cancellationToken);
        var payouts = new List<AddressPayout>();
        while (await reader.ReadAsync(cancellationToken))
        {
            payouts.Add(new AddressPayout(reader.GetString(0), reader.GetInt64(1), BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(2)),
                reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return new AddressBalance(address.Value, total, count, payouts);
    }
}
