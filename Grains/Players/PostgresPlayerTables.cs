using Faucet.Money;
using Npgsql;

namespace Faucet.Players;

public sealed class PostgresPlayerTables(NpgsqlDataSource database) : IPlayerTables
{
    private long prunedOnDay = -1;

    public async Task RecordProfileAsync(PlayerProfile profile, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH upsert AS (
                INSERT INTO players (user_id, display_name, identities, created_at, ban_reason, banned_until, banned_by, analytics_opt_out)
                VALUES (@user, @name, @identities, @created, @reason, @until, @by, @opt_out)
                ON CONFLICT (user_id) DO UPDATE
                   SET display_name = excluded.display_name, identities = excluded.identities, ban_reason = excluded.ban_reason,
                       banned_until = excluded.banned_until, banned_by = excluded.banned_by, analytics_opt_out = excluded.analytics_opt_out
            )
            DELETE FROM player_regions WHERE @opt_out AND user_id = @user
            """);
        command.Parameters.AddWithValue("user", profile.Id.Value);
        command.Parameters.AddWithValue("name", profile.DisplayName);
        command.Parameters.Add(new NpgsqlParameter<string[]>("identities", profile.Identities.Select(i => i.Value).ToArray()));
        command.Parameters.AddWithValue("created", profile.CreatedAt);
        command.Parameters.AddWithValue("reason", (object?)profile.Ban?.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("until", (object?)profile.Ban?.Until ?? DBNull.Value);
        command.Parameters.AddWithValue("by", (object?)profile.Ban?.By ?? DBNull.Value);
        command.Parameters.AddWithValue("opt_out", profile.AnalyticsOptOut);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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

    public async Task RecordTermsAcceptanceAsync(UserId user, TermsAcceptance acceptance, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO terms_acceptances (user_id, version, accepted_at, age_confirmed, minimum_age)
            VALUES (@user, @version, @at, @age_confirmed, @minimum_age)
            ON CONFLICT (user_id, version, minimum_age) DO NOTHING
            """);
        command.Parameters.AddWithValue("user", user.Value);
        command.Parameters.AddWithValue("version", acceptance.Version);
        command.Parameters.AddWithValue("at", acceptance.AcceptedAt);
        command.Parameters.AddWithValue("age_confirmed", acceptance.AgeConfirmed);
        command.Parameters.AddWithValue("minimum_age", acceptance.MinimumAge);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordRegionAsync(UserId user, string region, DateOnly today, DateOnly keptSince, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        // The opt-out is checked in the directory too, should this race the player's opting out.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO player_regions (user_id, region, seen_on)
            SELECT @user, @region, @today WHERE NOT EXISTS (SELECT 1 FROM players WHERE user_id = @user AND analytics_opt_out)
            ON CONFLICT (user_id) DO UPDATE SET region = excluded.region, seen_on = excluded.seen_on
            """)
        {
            Parameters = { new NpgsqlParameter("user", user.Value), new NpgsqlParameter("region", region), new NpgsqlParameter("today", today) },
        });
        // Once a day per silo is enough to keep the table inside its retention window.
        if (Interlocked.Exchange(ref prunedOnDay, today.DayNumber) != today.DayNumber)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                DELETE FROM player_regions r WHERE r.seen_on < @cutoff
                    OR EXISTS (SELECT 1 FROM players p WHERE p.user_id = r.user_id AND p.analytics_opt_out)
                """)
            {
                Parameters = { new NpgsqlParameter("cutoff", keptSince) },
            });
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
