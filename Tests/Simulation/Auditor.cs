using System.Globalization;
using System.Numerics;
using Faucet.Money;
using Faucet.Purchases;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Payouts;
using Npgsql;

namespace Faucet.Tests.Simulation;

/// <summary>
/// Compares the cluster's books (the payouts, reward journal and token ledger tables, the grains, and what the fake node
/// was asked to send) with the <see cref="EconomyModel"/>. Each check names the rule it holds; the first one broken ends
/// the run. A grain is read through <paramref name="deliver"/>, as the schedule's own calls are: the database may have
/// just ended the connection a read was handed, and the first use of each stale pooled connection fails once.
/// </summary>
public sealed class Auditor(SimulationWorld world, EconomyModel model, string[] users, Func<Func<Task<RewardBalance>>, Task<RewardBalance>> deliver)
{
    private readonly HashSet<string> capsChecked = new(StringComparer.Ordinal);

    /// <summary>Set once the node behaves: from then on every pending payout must be attempted again when its backoff
    /// ends. (Before that, audits are too far apart to time an attempt.)</summary>
    public PayoutLiveness? Liveness { get; set; }

    private int PlayerOf(string user) => Player(user, "payouts");

    /// <summary>The simulated player a row of <paramref name="table"/> belongs to: the database is the simulation's own, so
    /// a row of anyone else is a row nobody made.</summary>
    private int Player(string user, string table)
    {
        var player = Array.IndexOf(users, user);
        return player >= 0 ? player : throw new AuditException($"{table} has a row for user {user}, who is no simulated player");
    }

    /// <summary>Reads every payout and takes in how each has moved on. A payout nobody's round made, one whose destination or
    /// amount changed, and one that came back from sent or failed each break a rule.</summary>
    public async Task RefreshPayoutsAsync()
    {
        var rows = await PayoutsAsync("TRUE");
        var gone = model.Payouts.Keys.Except(rows.Select(r => r.Id), StringComparer.Ordinal).FirstOrDefault();
        Require(gone is null, $"payout {gone} is no longer recorded");
        foreach (var row in rows)
        {
            if (!model.Payouts.TryGetValue(row.Id, out var known))
            {
                throw new AuditException($"payout {row.Id} of round {row.Round} was made outside the rounds the schedule ran");
            }
            Require(known.Destination == row.Destination && known.Amount == row.Amount && known.Source == row.Source,
                $"payout {row.Id} changed from {known.Amount} raw to {known.Destination} from {known.Source} into {row.Amount} raw to {row.Destination} from {row.Source}");
            Require(known.Status == ModelPayoutStatus.Pending || known.Status == row.Status, $"payout {row.Id} went from {known.Status} back to {row.Status}");
            known.Status = row.Status;
            known.Block = row.Block;
            Liveness?.Observe(row.Id, row.Status == ModelPayoutStatus.Pending, row.Attempts, row.NextAttemptAt, world.Clock.GetUtcNow(), DateTimeOffset.UtcNow);
        }
    }

    /// <summary>A finished round: its payouts against the floor, the wallets and the caps as the model has them, exactly
    /// (the amount the model works out) for each player nothing else touched while it ran.</summary>
    public async Task TakeRoundAsync(RoundView round, IReadOnlySet<int> touchedMeanwhile)
    {
        var rows = await PayoutsAsync("round_no = " + round.Number.ToString(CultureInfo.InvariantCulture));
        Require(!model.OperatorBelowFloor || round.Status == RoundStatus.Skipped, $"round {round.Number} paid while the operator wallet was below its floor");
        // Above the floor a round is skipped only when the node could not say the balance (a fault hit that request).
        Require(model.OperatorBelowFloor || round.Status == RoundStatus.Done || round.SkipReason?.Contains("could not be read", StringComparison.Ordinal) == true,
            $"round {round.Number} was skipped ({round.SkipReason}) with the operator wallet above its floor");
        Require(round.Status == RoundStatus.Done || rows.Count == 0, $"round {round.Number} was skipped ({round.SkipReason}) yet made {rows.Count} payouts");
        // Each account holds far more than a round pays: nobody waits for want of balance.
        Require(round.SkippedByBalance == 0, $"round {round.Number} passed {round.SkippedByBalance} players over for want of balance");
        var byPlayer = new Dictionary<int, PayoutRow>();
        foreach (var row in rows)
        {
            var player = PlayerOf(row.User);
            byPlayer[player] = row;
            Require(row.Destination == model.Players[player].Wallet, $"round {round.Number} paid player {player} to {row.Destination}, not to their wallet {model.Players[player].Wallet}");
        }
        if (round.Status == RoundStatus.Done)
        {
            foreach (var p in model.Players)
            {
                var paid = byPlayer.TryGetValue(p.Index, out var row) ? row.Amount : 0;
                if (!touchedMeanwhile.Contains(p.Index) && !model.HasInFlight(p.Index))
                {
                    var due = model.Due(p.Index);
                    Require(paid == due, $"round {round.Number} paid player {p.Index} {BanAmount.FromRaw(paid)} BAN; with {BanAmount.FromRaw(model.Pending(p.Index))} pending and the caps {model.Caps} the model says {BanAmount.FromRaw(due)}");
                }
                else
                {
                    // What was in flight may have failed back into pending meanwhile: the most the round could see.
                    var most = model.Pending(p.Index) + model.Payouts.Values.Where(q => q.Player == p.Index && q.Status == ModelPayoutStatus.Pending).Aggregate(UInt128.Zero, (s, q) => s + q.Amount);
                    Require(paid <= most, $"round {round.Number} paid player {p.Index} {BanAmount.FromRaw(paid)} BAN, more than the {BanAmount.FromRaw(most)} they could have pending");
                }
            }
        }
        model.RoundCaps[round.Number] = model.Caps;
        foreach (var row in rows)
        {
            model.Payouts[row.Id] = new ModelPayout(row.Id, PlayerOf(row.User), row.Round, row.Destination, row.Amount, row.At, row.Source) { Status = row.Status, Block = row.Block };
        }
    }

    /// <summary>The whole economy. <paramref name="quiet"/>: nothing is in flight any more, so the accounts must match
    /// the model to the raw.</summary>
    public async Task AuditAsync(bool quiet)
    {
        await RefreshPayoutsAsync();
        AuditNode();
        AuditCaps();
        await AuditJournalAsync(quiet);
        await AuditTokensAsync();
        await AuditDonationsAsync();
        if (quiet)
        {
            foreach (var p in model.Players)
            {
                var balance = await deliver(world.Grains.GetGrain<IRewardAccountGrain>(users[p.Index]).GetBalanceAsync);
                var sent = model.Payouts.Values.Where(q => q.Player == p.Index && q.Status == ModelPayoutStatus.Sent).Aggregate(UInt128.Zero, (s, q) => s + q.Amount);
                Require((balance.Pending.Raw, balance.Reserved.Raw, balance.Paid.Raw) == (model.Pending(p.Index), UInt128.Zero, sent),
                    $"player {p.Index}'s account is pending {balance.Pending}, reserved {balance.Reserved}, paid {balance.Paid}; the model says pending {BanAmount.FromRaw(model.Pending(p.Index))}, nothing reserved, paid {BanAmount.FromRaw(sent)}");
            }
        }
    }

    /// <summary>What the node was asked to send: one destination and amount per payout id, each one a payout a round
    /// recorded, from the one source account recorded with it, every attempt; a sent payout's block is the node's; a failed payout never reached it; and
    /// nobody was sent more than they earned.</summary>
    private void AuditNode()
    {
        Require(world.Node.Conflicts.Count == 0, $"payout ids sent twice with different data: {string.Join(", ", world.Node.Conflicts)}");
        var sentTo = new UInt128[users.Length];
        foreach (var send in world.Node.Sends.Values)
        {
            Require(model.Payouts.TryGetValue(send.Id, out var payout), $"the node sent {send.Amount} raw to {send.Destination} under id {send.Id}, which is no recorded payout");
            Require(send.Destination == payout!.Destination && send.Amount == payout.Amount.ToString(CultureInfo.InvariantCulture), $"payout {send.Id} was sent as {send.Amount} raw to {send.Destination}, recorded as {payout.Amount} raw to {payout.Destination}");
            Require(world.SourceAccounts.Contains(send.Source) && send.Wallet == LiveNodeCluster.WalletId, $"payout {send.Id} was sent from {send.Source} in wallet {send.Wallet}");
            Require(world.Node.SourcesOf(send.Id) is [var only] && only == payout.Source, $"payout {send.Id}, recorded from {payout.Source}, was asked of the node from {string.Join(" and ", world.Node.SourcesOf(send.Id))}");
            Require(payout.Status != ModelPayoutStatus.Failed, $"payout {send.Id} is recorded failed (its amount back in pending) though the node sent it");
            sentTo[payout.Player] += payout.Amount;
        }
        foreach (var payout in model.Payouts.Values.Where(p => p.Status == ModelPayoutStatus.Sent))
        {
            Require(world.Node.Sends.TryGetValue(payout.Id, out var send) && send.Block == payout.Block, $"payout {payout.Id} is recorded sent in block {payout.Block}, which the node did not make");
        }
        UInt128 total = 0, accrued = 0;
        foreach (var p in model.Players)
        {
            Require(sentTo[p.Index] <= p.Accrued, $"the node sent player {p.Index} {BanAmount.FromRaw(sentTo[p.Index])} BAN; they earned {BanAmount.FromRaw(p.Accrued)}");
            var counted = model.Counted(p.Index).Aggregate(UInt128.Zero, (s, q) => s + q.Amount);
            Require(counted <= p.Accrued, $"player {p.Index} has {BanAmount.FromRaw(counted)} BAN paid or in flight; they earned {BanAmount.FromRaw(p.Accrued)}");
            total += sentTo[p.Index];
            accrued += p.Accrued;
        }
        Require(total <= accrued, $"the node sent {BanAmount.FromRaw(total)} BAN in all; players earned {BanAmount.FromRaw(accrued)}");
    }

    /// <summary>No payout broke the caps in force when its round ran: counting it and every earlier payout of that player
    /// that did not fail, in its day and its week of <c>reset_tz</c>, neither the count nor the amount caps are exceeded.</summary>
    /// <remarks>A payout that passed once passes for good (an earlier payout can only drop out, by failing), so each is
    /// checked once.</remarks>
    private void AuditCaps()
    {
        foreach (var group in model.Payouts.Values.Where(p => p.Status != ModelPayoutStatus.Failed).GroupBy(p => p.Player))
        {
            var payouts = group.OrderBy(p => p.Round).ToList();
            for (var i = 0; i < payouts.Count; i++)
            {
                var payout = payouts[i];
                if (!capsChecked.Add(payout.Id))
                {
                    continue;
                }
                var caps = model.RoundCaps[payout.Round];
                var day = model.Rules.LocalDay(payout.At);
                var week = ModelRules.WeekOf(day);
                var sameWeek = payouts.Take(i + 1).Where(p => ModelRules.WeekOf(model.Rules.LocalDay(p.At)) == week).ToList();
                var sameDay = sameWeek.Where(p => model.Rules.LocalDay(p.At) == day).ToList();
                Require(sameDay.Count <= caps.Daily && sameWeek.Count <= caps.Weekly,
                    $"payout {payout.Id} is player {group.Key}'s payout {sameDay.Count} of {day} and {sameWeek.Count} of the week of {week} ({model.Rules.Zone.Id}); the caps were {caps.Daily} and {caps.Weekly}");
                var dayAmount = sameDay.Aggregate(UInt128.Zero, (s, p) => s + p.Amount);
                var weekAmount = sameWeek.Aggregate(UInt128.Zero, (s, p) => s + p.Amount);
                Require(caps.DailyBan is not { } daily || dayAmount <= daily, $"payout {payout.Id} takes player {group.Key}'s BAN on {day} to {BanAmount.FromRaw(dayAmount)}, over the daily cap {caps.DailyBan}");
                Require(caps.WeeklyBan is not { } weekly || weekAmount <= weekly, $"payout {payout.Id} takes player {group.Key}'s BAN in the week of {week} to {BanAmount.FromRaw(weekAmount)}, over the weekly cap {caps.WeeklyBan}");
            }
        }
    }

    /// <summary>The reward journal: accruals add up to what the model says each player earned; each payout has exactly one
    /// reserve of its amount, and once final exactly one commit (sent) or release (failed), never both.</summary>
    private async Task AuditJournalAsync(bool quiet)
    {
        var accrued = new UInt128[users.Length];
        var entries = new Dictionary<(int Player, long Round, string Kind), (int Count, UInt128 Amount)>();
        var numbers = new long[users.Length];
        await ReadAsync("""
            SELECT user_id, kind, amount_raw, round_no, entry_no, recorded_at, boost, boost_multiplier, unboosted_raw
              FROM reward_journal ORDER BY user_id, entry_no
            """, reader =>
        {
            var player = Player(reader.GetString(0), "reward journal");
            var kind = reader.GetString(1);
            var amount = (UInt128)reader.GetFieldValue<BigInteger>(2);
            Require(reader.GetInt64(4) == ++numbers[player], $"player {player}'s reward journal jumps from entry {numbers[player] - 1} to {reader.GetInt64(4)}");
            if (kind is "kills" or "clicks" or "grant")
            {
                accrued[player] += amount;
                AuditBoost(player, reader.GetInt64(4), kind, amount, reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : (reader.GetString(6), reader.GetDecimal(7), (UInt128)reader.GetFieldValue<BigInteger>(8)));
            }
            else if (!reader.IsDBNull(3))
            {
                var key = (player, reader.GetInt64(3), kind);
                var (count, sum) = entries.GetValueOrDefault(key);
                entries[key] = (count + 1, sum + amount);
            }
        });
        foreach (var p in model.Players)
        {
            Require(accrued[p.Index] == p.Accrued, $"player {p.Index}'s journal accrues {BanAmount.FromRaw(accrued[p.Index])} BAN; the model says they earned {BanAmount.FromRaw(p.Accrued)}");
        }
        foreach (var payout in model.Payouts.Values)
        {
            var reserve = entries.GetValueOrDefault((payout.Player, payout.Round, "reserve"));
            var commit = entries.GetValueOrDefault((payout.Player, payout.Round, "commit")).Count;
            var release = entries.GetValueOrDefault((payout.Player, payout.Round, "release")).Count;
            Require(reserve == (1, payout.Amount), $"payout {payout.Id} of {payout.Amount} raw has {reserve.Count} reserve entries of {reserve.Amount} raw in all");
            Require(commit + release <= 1, $"payout {payout.Id} was both committed and released");
            // A payout's final status is written in the same transaction as its commit or release.
            Require(payout.Status != ModelPayoutStatus.Sent || commit == 1, $"payout {payout.Id} was sent but never committed");
            Require(payout.Status != ModelPayoutStatus.Failed || release == 1, $"payout {payout.Id} failed but was never released");
        }
        foreach (var ((player, round, _), _) in entries.Where(e => e.Key.Kind == "reserve"))
        {
            Require(model.Payouts.Values.Any(q => q.Player == player && q.Round == round), $"round {round} reserved BAN of player {player} without recording a payout");
        }
        // Settlement finds whom to pay in reward_balances, which a trigger keeps in step with the journal (read in one
        // statement: payouts still trying append to the journal meanwhile).
        await ReadAsync("SELECT b.user_id, b.pending_raw, b.last_entry_no, (SELECT max(j.entry_no) FROM reward_journal j WHERE j.user_id = b.user_id) FROM reward_balances b", reader =>
        {
            var player = Player(reader.GetString(0), "reward balances");
            var pending = (UInt128)reader.GetFieldValue<BigInteger>(1);
            Require(reader.GetInt64(2) == reader.GetInt64(3), $"reward_balances has player {player} at entry {reader.GetInt64(2)}; the journal ends at {reader.GetInt64(3)}");
            Require(!quiet || pending == model.Pending(player), $"reward_balances says player {player} has {BanAmount.FromRaw(pending)} BAN pending; the model says {BanAmount.FromRaw(model.Pending(player))}");
        });
    }

    /// <summary>Each donation is one row, however many times and ways the node showed it, with its amount.</summary>
    private async Task AuditDonationsAsync()
    {
        var rows = 0;
        await ReadAsync("SELECT send_block, amount_raw FROM donations", reader =>
        {
            rows++;
            var block = reader.GetString(0);
            Require(model.Donations.TryGetValue(block, out var donation), $"donation {block} was recorded; nobody made it");
            Require((UInt128)reader.GetFieldValue<BigInteger>(1) == donation.Raw, $"donation {block} is recorded as {BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(1))} BAN; {BanAmount.FromRaw(donation.Raw)} BAN was sent");
        });
        Require(rows == model.Donations.Count, $"{rows} donations are recorded; {model.Donations.Count} were made");
    }

    /// <summary>An accrual earns under the boost in force when it was recorded (a grant never does), and a boosted
    /// amount is its unboosted amount times the multiplier.</summary>
    private void AuditBoost(int player, long entry, string kind, UInt128 amount, DateTimeOffset at, (string Name, decimal Multiplier, UInt128 Unboosted)? boost)
    {
        var expected = model.Rules.BoostAt(kind, at, model.Donations.Values);
        Require(boost?.Name == expected?.Name && boost?.Multiplier == expected?.Multiplier,
            $"player {player}'s entry {entry} ({kind} at {at:O}) names boost {boost?.Name ?? "none"} x{boost?.Multiplier}; the boost in force then was {expected?.Name ?? "none"} x{expected?.Multiplier}");
        Require(boost is null || expected is null || amount == expected.Apply(boost.Value.Unboosted),
            $"player {player}'s entry {entry} accrues {BanAmount.FromRaw(amount)} BAN; {BanAmount.FromRaw(boost?.Unboosted ?? 0)} BAN times {expected?.Multiplier} is not that");
    }

    /// <summary>The token ledger: each player's rows numbered without gaps, each balance_after = balance_before + amount
    /// and the next row starting from it, never below zero, ending at the model's balance; each purchase credited once
    /// and only if it completed; each job's escrow taken once and its refund given as the rule says.</summary>
    private async Task AuditTokensAsync()
    {
        var rows = new List<(int Player, long EntryNo, string Key, long Amount, long Before, long After)>();
        await ReadAsync("SELECT user_id, entry_no, idempotency_key, amount, balance_before, balance_after FROM token_ledger ORDER BY user_id, entry_no", reader =>
        {
            rows.Add((Player(reader.GetString(0), "token ledger"), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        });
        foreach (var p in model.Players)
        {
            long balance = 0, number = 0;
            foreach (var row in rows.Where(r => r.Player == p.Index))
            {
                Require(row.EntryNo == ++number && row.Before == balance && row.After == row.Before + row.Amount && row.After >= 0,
                    $"player {p.Index}'s token row {row.EntryNo} ({row.Key}: {row.Before} + {row.Amount} = {row.After}) does not follow row {number - 1} (balance {balance})");
                balance = row.After;
            }
            Require(balance == p.Tokens, $"player {p.Index}'s token ledger ends at {balance}; the model says {p.Tokens}");
            var pulls = rows.Count(r => r.Player == p.Index && r.Key.StartsWith("pull:", StringComparison.Ordinal));
            Require(pulls == p.Pulls.Count, $"player {p.Index}'s ledger pays {pulls} pulls; the model says {p.Pulls.Count}");
        }
        var byKey = rows.GroupBy(r => (r.Player, r.Key)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var purchase in model.Purchases.Values)
        {
            var credits = byKey.GetValueOrDefault((purchase.Player, "purchase:" + purchase.PurchaseId)) ?? [];
            var expected = purchase.Credited ? 1 : 0;
            Require(credits.Count == expected && credits.All(c => c.Amount == model.Rules.PackageTokens[purchase.Package]),
                $"{purchase.PurchaseId} ({purchase.Status}) was credited {credits.Count} times ({string.Join(", ", credits.Select(c => c.Amount))})");
        }
        // Every token taken back from a buyer is a refund Stripe made or a dispute, matched to the purchase it was about.
        var refundRows = rows.Where(r => r.Key.StartsWith("purchase-refund:", StringComparison.Ordinal)).ToList();
        var disputeRows = rows.Where(r => r.Key.StartsWith("purchase-dispute", StringComparison.Ordinal)).ToList();
        foreach (var purchase in model.Purchases.Values)
        {
            var refunds = refundRows.Where(r => r.Key.StartsWith($"purchase-refund:{purchase.PurchaseId}:", StringComparison.Ordinal)).ToList();
            Require(refunds.All(r => r.Player == purchase.Player && r.Amount < 0) && -refunds.Sum(r => r.Amount) == purchase.TakenByRefunds,
                $"{purchase.PurchaseId}: its refund rows take back {-refunds.Sum(r => r.Amount)} tokens; Stripe's refunds of {purchase.RefundedMinor} call for {purchase.TakenByRefunds}");
            var held = disputeRows.Where(r => r.Key == $"purchase-dispute:{purchase.PurchaseId}:{purchase.DisputeRef}").ToList();
            var released = disputeRows.Where(r => r.Key == $"purchase-dispute-released:{purchase.PurchaseId}:{purchase.DisputeRef}").ToList();
            Require(purchase.Held > 0 ? held.Count == 1 && held[0].Amount == -purchase.Held : held.Count == 0,
                $"{purchase.PurchaseId}: its dispute holds {string.Join(", ", held.Select(r => r.Amount))}; the model holds {purchase.Held}");
            Require(purchase is { DisputeWon: true, Held: > 0 } ? released.Count == 1 && released[0].Amount == purchase.Held : released.Count == 0,
                $"{purchase.PurchaseId}: its dispute released {string.Join(", ", released.Select(r => r.Amount))}; it was {(purchase.DisputeWon is { } w ? w ? "won" : "lost" : "not decided")}");
        }
        var matched = model.Purchases.Values.Select(p => p.PurchaseId).ToHashSet();
        Require(refundRows.Concat(disputeRows).All(r => matched.Contains(r.Key.Split(':')[1])),
            $"token rows take back for purchases the simulation did not make: {string.Join(", ", refundRows.Concat(disputeRows).Where(r => !matched.Contains(r.Key.Split(':')[1])).Select(r => r.Key))}");
        foreach (var job in model.Jobs.Values)
        {
            var escrow = byKey.GetValueOrDefault((job.Player, "job:" + job.JobId)) ?? [];
            var refund = byKey.GetValueOrDefault((job.Player, "job-refund:" + job.JobId)) ?? [];
            Require(escrow.Count == 1 && escrow[0].Amount == -job.Price, $"job {job.JobId} holds {escrow.Count} escrows; one of {job.Price} tokens was due");
            Require(job.Refunded is { } r && r > 0 ? refund.Count == 1 && refund[0].Amount == r : refund.Count == 0,
                $"job {job.JobId} has {refund.Count} refunds ({string.Join(", ", refund.Select(x => x.Amount))}); the rule gave {job.Refunded}");
        }
    }

    private async Task<List<PayoutRow>> PayoutsAsync(string where)
    {
        var rows = new List<PayoutRow>();
        await ReadAsync($"SELECT payout_id, user_id, round_no, destination, amount_raw, status, block_hash, created_at, attempts, next_attempt_at, source_account FROM payouts WHERE {where}", reader => rows.Add(new PayoutRow(
            reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), (UInt128)reader.GetFieldValue<BigInteger>(4),
            reader.GetString(5) switch
            {
                "sent" => ModelPayoutStatus.Sent,
                "failed" => ModelPayoutStatus.Failed,
                "pending" => ModelPayoutStatus.Pending,
                var other => throw new AuditException($"payout {reader.GetString(0)} is {other}, with dry_run off"),
            },
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetString(10))));
        return rows;
    }

    /// <summary>Runs a query, again on a fresh connection if the simulation has just dropped them all.</summary>
    private async Task ReadAsync(string sql, Action<NpgsqlDataReader> row)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var data = NpgsqlDataSource.Create(world.Database);
                await using var command = data.CreateCommand(sql);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    row(reader);
                }
                return;
            }
            catch (NpgsqlException) when (attempt < 3)
            {
                // The connection was one the simulation dropped: the next data source opens a fresh one.
            }
        }
    }

    private static void Require(bool holds, string what)
    {
        if (!holds)
        {
            throw new AuditException(what);
        }
    }

    private sealed record PayoutRow(string Id, string User, long Round, string Destination, UInt128 Amount, ModelPayoutStatus Status, string? Block, DateTimeOffset At,
        int Attempts, DateTimeOffset? NextAttemptAt, string? Source);
}

/// <summary>A rule of the economy the cluster's books break.</summary>
public sealed class AuditException(string message) : Exception(message);
