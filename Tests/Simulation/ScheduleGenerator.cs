using Faucet.Purchases;
using static Faucet.Tests.Simulation.SimOp;

namespace Faucet.Tests.Simulation;

/// <summary>A random schedule of operations and faults, the same for the same seed.</summary>
public static class ScheduleGenerator
{
    public const int Players = 8;
    public const int WalletsPerPlayer = 3;
    public const int Silos = 2;

    private static readonly (int Weight, Func<Generation, SimOp> Make)[] Kinds =
    [
        (18, g => g.Kills()),
        (14, g => g.Clicks()),
        (8, g => g.LinkWallet()),
        (9, g => new Round(g.Random.Next(4) == 0 ? 2 + g.Random.Next(2) : 1, g.Random.Next(4) == 0)),
        (6, g => g.Advance()),
        (2, g => new Donate(g.Random.Next(4), 50 + g.Random.Next(600), g.Random.Next(3) == 0)),
        (5, g => g.Buy()),
        (8, g => g.Webhook()),
        (1, g => new Refund(g.Random.Next(Math.Max(1, g.Purchases)))),
        (2, g => new StripeRefund(g.Random.Next(Math.Max(1, g.Purchases)), 10 + g.Random.Next(91), 1 + g.Random.Next(2))),
        (2, g => new Dispute(g.Random.Next(Math.Max(1, g.Purchases)), g.Random.Next(2) == 0, 1 + g.Random.Next(2))),
        (8, g => g.Pull()),
        (2, g => g.StartJob()),
        (2, g => new CancelJob(g.Random.Next(Math.Max(1, g.Jobs)))),
        (1, g => g.Caps()),
        (2, g => new OperatorBalance(g.Random.Next(4) == 0)),
        (5, g => g.NodeFaults()),
        (1, g => new NodeLatency(g.Random.Next(3) == 0 ? 0 : 50 + g.Random.Next(400))),
        (1, g => new RestartSilo(g.Random.Next(Silos), g.Random.Next(2) == 0)),
        (2, _ => new DropConnections()),
    ];

    private static readonly int TotalWeight = Kinds.Sum(k => k.Weight);

    public static List<SimOp> Generate(int seed, int operations)
    {
        var generation = new Generation(new Random(seed));
        var schedule = new List<SimOp>(operations);
        while (schedule.Count < operations)
        {
            if (generation.Due(schedule.Count) is { } due)
            {
                schedule.Add(due);
                continue;
            }
            var pick = generation.Random.Next(TotalWeight);
            foreach (var (weight, make) in Kinds)
            {
                if ((pick -= weight) < 0)
                {
                    generation.Position = schedule.Count;
                    schedule.Add(make(generation));
                    break;
                }
            }
        }
        return schedule;
    }

    /// <summary>What the generator remembers to make later steps interesting: counters only, never results.</summary>
    private sealed class Generation(Random random)
    {
        private readonly long[] lifetimes = new long[Players];
        private readonly List<long>[] clickAmounts = Enumerable.Range(0, Players).Select(_ => new List<long>()).ToArray();
        private readonly int[] pulls = new int[Players];
        private readonly List<(int At, SimOp Op)> later = [];

        public Random Random { get; } = random;

        public int Purchases { get; set; }

        public int Jobs { get; set; }

        public int Position { get; set; }

        public int Player() => Random.Next(Players);

        /// <summary>A step promised for this position by an earlier one (the cancel of a hard job).</summary>
        public SimOp? Due(int position)
        {
            var due = later.FindIndex(l => l.At <= position);
            if (due < 0)
            {
                return null;
            }
            var op = later[due].Op;
            later.RemoveAt(due);
            return op;
        }

        public StartJob StartJob()
        {
            var job = Jobs++;
            var hard = Random.Next(2) == 0;
            if (hard)
            {
                // A hard job searches on every silo until it ends: most are cancelled a few steps later.
                later.Add((Position + 5 + Random.Next(30), new CancelJob(job)));
            }
            return new StartJob(Player(), job, hard);
        }

        public KillCount Kills()
        {
            var player = Player();
            // Mostly a count that grew; sometimes one already seen, or an older one arriving late.
            var lifetime = Random.Next(5) switch
            {
                0 => lifetimes[player],
                1 => Math.Max(0, lifetimes[player] - Random.Next(1, 4)),
                _ => lifetimes[player] += Random.Next(1, 6),
            };
            return new KillCount(player, lifetime, Random.Next(4) == 0 ? 2 : 1);
        }

        public Clicks Clicks()
        {
            var player = Player();
            var amounts = clickAmounts[player];
            if (amounts.Count > 0 && Random.Next(4) == 0)
            {
                var nonce = Random.Next(amounts.Count);
                return Random.Next(3) == 0
                    ? new Clicks(player, nonce, amounts[nonce] + 1 + Random.Next(5), Replay.OtherAmount)
                    : new Clicks(player, nonce, amounts[nonce], Replay.Same);
            }
            var milli = 1 + Random.Next(400);
            amounts.Add(milli);
            return new Clicks(player, amounts.Count - 1, milli, Replay.None);
        }

        public LinkWallet LinkWallet()
        {
            var player = Player();
            // Now and then one of another player's wallets, which must be refused.
            return new LinkWallet(player, Random.Next(10) == 0 ? Player() : player, Random.Next(WalletsPerPlayer));
        }

        public Advance Advance() => Random.Next(10) switch
        {
            < 4 => new Advance(Jump.Minutes, 1 + Random.Next(90)),
            < 7 => new Advance(Jump.Hours, 1 + Random.Next(30)),
            < 9 => new Advance(Jump.Midnight, Random.Next(2)),
            _ => new Advance(Jump.Monday, Random.Next(2)),
        };

        public Webhook Webhook()
        {
            var says = Random.Next(10) switch
            {
                < 3 => PurchaseStatus.Processing,
                < 8 => PurchaseStatus.Completed,
                8 => PurchaseStatus.Failed,
                _ => PurchaseStatus.Cancelled,
            };
            return new Webhook(Random.Next(Math.Max(1, Purchases)), says, 1 + (Random.Next(3) == 0 ? 1 + Random.Next(2) : 0));
        }

        public Pull Pull()
        {
            var player = Player();
            return new Pull(player, pulls[player] > 0 && Random.Next(5) == 0 ? Random.Next(pulls[player]) : pulls[player]++);
        }

        public ChangeCaps Caps()
        {
            var daily = 1 + Random.Next(3);
            var weekly = daily + Random.Next(4);
            int? dailyBan = Random.Next(3) == 0 ? 100 + Random.Next(2000) : null;
            int? weeklyBan = Random.Next(3) == 0 ? 500 + Random.Next(5000) : null;
            // payout.yaml refuses a weekly amount cap below the daily one, as an operator would be refused.
            return new ChangeCaps(daily, weekly, dailyBan, weeklyBan < dailyBan ? dailyBan : weeklyBan);
        }

        public NodeFaults NodeFaults()
        {
            if (Random.Next(4) == 0)
            {
                // A burst of one kind: enough to fail a payout's every attempt, and to send one the faucet never hears of.
                var kind = (NodeFault)Random.Next(5);
                return new NodeFaults(Enumerable.Repeat(kind, 6 + Random.Next(6)).ToList(), SendsOnly: true);
            }
            var faults = Enumerable.Range(0, 1 + Random.Next(4)).Select(_ => (NodeFault)Random.Next(5)).ToList();
            return new NodeFaults(faults, Random.Next(3) != 0);
        }

        public Buy Buy()
        {
            var purchase = Purchases++;
            var saved = Random.Next(4) == 0;
            if (saved || Random.Next(10) < 7)
            {
                // Most buyers pay: Stripe's webhook says so a little later (and other events may come before or after it).
                later.Add((Position + 1 + Random.Next(6), new Webhook(purchase, PurchaseStatus.Completed, 1)));
            }
            return new Buy(Player(), purchase, Random.Next(4), saved);
        }
    }
}
