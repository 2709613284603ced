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

    public async Task RecordEpicLinkAsync(UserId user, EpicLink link, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO player_epic_links (user_id, status, epic_id, epic_name, checked_at) VALUES (@user, @status, @epic, @name, @at)
            ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, epic_id = excluded.epic_id, epic_name = excluded.epic_name, checked_at = excluded.checked_at
            """);
        command.Parameters.AddWithValue("user", user.Value);
        command.Parameters.AddWithValue("status", link.Status switch
        {
            EpicLinkStatus.Linked => "linked",
            EpicLinkStatus.NotLinked => "not_linked",
            _ => "not_found",
        });
        command.Parameters.AddWithValue("epic", (object?)link.EpicId ?? DBNull.Value);
        command.Parameters.AddWithValue("name", (object?)link.EpicName ?? DBNull.Value);
        command.Parameters.AddWithValue("at", link.CheckedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
