using Faucet.Money;
using Npgsql;

namespace Faucet.Players;

public sealed class PostgresPlayerWallets(NpgsqlDataSource database) : IPlayerWallets
{
    public async Task RecordLinkAsync(UserId user, BananoAddress wallet, DateTimeOffset linkedAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO player_wallets (user_id, address, linked_at) VALUES (@user, @address, @at)
            ON CONFLICT (user_id) DO UPDATE SET address = excluded.address, linked_at = excluded.linked_at
             WHERE player_wallets.address <> excluded.address
            """);
        command.Parameters.AddWithValue("user", user.Value);
        command.Parameters.AddWithValue("address", wallet.Value);
        command.Parameters.AddWithValue("at", linkedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
