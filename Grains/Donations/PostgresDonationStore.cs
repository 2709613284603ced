using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Donations;

public sealed class PostgresDonationStore(NpgsqlDataSource database) : IDonationStore
{
    public async Task<IReadOnlyList<Donation>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT send_block, from_account, amount_raw, sent_at, found_at FROM donations ORDER BY found_at, send_block");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Donation>> RecordAsync(string address, IReadOnlyList<Donation> donations, CancellationToken cancellationToken)
    {
        if (donations.Count == 0)
        {
            return [];
        }
        await using var command = database.CreateCommand("""
            INSERT INTO donations (send_block, to_account, from_account, amount_raw, sent_at, found_at)
            SELECT d.send_block, @to, d.from_account, d.amount_raw, d.sent_at, @found_at
              FROM unnest(@blocks, @froms, @amounts, @sent) AS d(send_block, from_account, amount_raw, sent_at)
            ON CONFLICT (send_block) DO UPDATE SET send_block = EXCLUDED.send_block
            RETURNING send_block, from_account, amount_raw, sent_at, found_at
            """);
        command.Parameters.AddWithValue("to", address);
        command.Parameters.AddWithValue("found_at", donations[0].FoundAt);
        command.Parameters.AddWithValue("blocks", donations.Select(d => d.SendBlock).ToArray());
        command.Parameters.AddWithValue("froms", donations.Select(d => d.From).ToArray());
        command.Parameters.AddWithValue("amounts", donations.Select(d => (BigInteger)d.Amount.Raw).ToArray());
        command.Parameters.AddWithValue("sent", donations.Select(d => d.SentAt).ToArray());
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<Donation>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var donations = new List<Donation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            donations.Add(new Donation(
                reader.GetString(0),
                reader.GetString(1),
                BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(2)),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return donations;
    }
}
