using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>
/// A Banano node's JSON RPC on 127.0.0.1, at the wire level: <c>send</c> (idempotent by <c>id</c>, as the node
/// is), <c>account_balance</c>, <c>account_info</c>, and <c>account_history</c> and <c>receivable</c> over the
/// sends it carried out and the transfers tests make with <see cref="Donate"/>. Tests queue faults to make the next
/// requests fail, hang, answer with errors or with other JSON, or act and then lose the reply.
/// </summary>
/// <remarks>
/// A real account's sends form a chain: each send block names the one before it and needs proof of work, so one
/// account sends one block at a time. With a <see cref="SendTime"/> the fake does the same: each source account's
/// sends run one after another, each taking that long, while different accounts send in parallel. Without one
/// (the default) every send is carried out at once, in parallel, which keeps tests that do not measure throughput
/// fast.
/// </remarks>
public sealed class FakeBananoNode : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Fault> faults = new();
    private readonly ConcurrentQueue<Fault> sendFaults = new();
    private readonly ConcurrentDictionary<string, RecordedSend> sends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TakenSend> taken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Chain> chains = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> conflicts = [];
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> sourcesById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InFlight> inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly long startedAt = Stopwatch.GetTimestamp();
    private readonly Lock ledger = new();
    private readonly Dictionary<string, List<LedgerBlock>> blocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Donation> unreceived = new(StringComparer.Ordinal);
    private int requests;
    private int donations;

    private FakeBananoNode(WebApplication app) => this.app = app;

    /// <summary>A real node's pace on one account: 250 ms a send for proof of work and publishing (operators report
    /// about two sends a second from one account, even with a GPU).</summary>
    public static TimeSpan RealNodeSendTime { get; } = TimeSpan.FromMilliseconds(250);

    public Uri Url => new(app.Urls.First());

    /// <summary>Every distinct send the node carried out, by id.</summary>
    public IReadOnlyDictionary<string, RecordedSend> Sends => sends;

    /// <summary>Ids that came back with other data than their first send.</summary>
    public IReadOnlyCollection<string> Conflicts => conflicts;

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Added to every answer, as a node's latency.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How long each send holds its source account's chain (proof of work and publishing); zero, the
    /// default, carries every send out at once without serialising anything.</summary>
    public TimeSpan SendTime { get; set; }

    public ConcurrentDictionary<string, UInt128> Balances { get; } = new(StringComparer.Ordinal);

    /// <summary>Sent to an account and not yet received into it: no send can spend it.</summary>
    public ConcurrentDictionary<string, UInt128> Receivable { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a send takes its amount from its source's <see cref="Balances"/>, and is refused, as a node
    /// refuses it, when the balance is short. Off by default: most tests fund one account once and never look again.</summary>
    public bool SpendsBalances { get; set; }

    /// <summary>Every source account a send id was asked of; more than one means a payout changed account.</summary>
    public IReadOnlyList<string> SourcesOf(string id) =>
        sourcesById.TryGetValue(id, out var sources) ? [.. sources.Keys] : [];

    /// <summary>Ids that were asked of more than one source account.</summary>
    public IReadOnlyList<string> IdsFromSeveralAccounts => [.. sourcesById.Where(s => s.Value.Count > 1).Select(s => s.Key)];

    /// <summary>The most send requests from <paramref name="account"/> the node had open at once (its own chain
    /// waits them out one by one; a caller that keeps one in flight per account never has more than one).</summary>
    public int MostInFlight(string account) => inFlight.TryGetValue(account, out var count) ? count.Most : 0;

    public static async Task<FakeBananoNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var node = new FakeBananoNode(app);
        app.MapPost("/", node.HandleAsync);
        await app.StartAsync();
        return node;
    }

    /// <summary>The sends <paramref name="account"/> carried out, in chain order, each with when it began and ended.</summary>
    public IReadOnlyList<ChainLink> ChainOf(string account) =>
        chains.TryGetValue(account, out var chain) ? [.. chain.Links] : [];

    public void Inject(params Fault[] next)
    {
        foreach (var fault in next)
        {
            faults.Enqueue(fault);
        }
    }

    /// <summary>Records <paramref name="raw"/> sent from <paramref name="from"/> to <paramref name="to"/> in a send
    /// block of its own, and returns that block's hash. Received, the transfer's receive block is on the chain of
    /// <paramref name="to"/> and its amount in <see cref="Balances"/>; not received, it is receivable (and in
    /// <see cref="Receivable"/>) until <see cref="Receive"/>.</summary>
    public string Donate(string from, string to, UInt128 raw, bool received = true)
    {
        var donation = new Donation(Hash("fake-donation:" + Interlocked.Increment(ref donations)), from, to, raw);
        lock (ledger)
        {
            if (received)
            {
                ReceiveInto(donation);
            }
            else
            {
                unreceived[donation.SendHash] = donation;
                Receivable.AddOrUpdate(to, raw, (_, waiting) => waiting + raw);
            }
        }
        return donation.SendHash;
    }

    /// <summary>Receives a receivable transfer made by <see cref="Donate"/>: its receive block, stamped now, goes on
    /// the receiving account's chain, and its amount from <see cref="Receivable"/> into <see cref="Balances"/>.</summary>
    public void Receive(string sendHash)
    {
        lock (ledger)
        {
            if (!unreceived.Remove(sendHash, out var donation))
            {
                throw new InvalidOperationException($"{sendHash} is not a receivable send block");
            }
            Receivable.AddOrUpdate(donation.To, UInt128.Zero, (_, waiting) => waiting - donation.Raw);
            ReceiveInto(donation);
        }
    }

    /// <summary>Queues faults for the next <c>send</c> requests only (balance checks pass untouched).</summary>
    public void InjectOnSend(params Fault[] next)
    {
        foreach (var fault in next)
        {
            sendFaults.Enqueue(fault);
        }
    }

    /// <summary>Forgets the faults not yet used.</summary>
    public void ClearFaults()
    {
        faults.Clear();
        sendFaults.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var request = body.RootElement;
        var action = request.GetProperty("action").GetString();
        if (!(action == "send" && sendFaults.TryDequeue(out var fault)))
        {
            faults.TryDequeue(out fault);
        }
        if (fault is Fault.NodeError && action == "send" && taken.ContainsKey(request.GetProperty("id").GetString()!))
        {
            // A node looks an id up before anything else: a send it carried out is answered with its block, not refused.
            fault = null;
        }
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        switch (fault)
        {
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case Fault.HttpError error:
                context.Response.StatusCode = error.Status;
                return;
            case Fault.NodeError error:
                await context.Response.WriteAsJsonAsync(new { error = error.Message });
                return;
            case Fault.Garbage:
                await context.Response.WriteAsync("<html>not the node</html>");
                return;
            case Fault.Answer other:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(other.Json);
                return;
        }

        object answer;
        try
        {
            answer = action switch
            {
                "send" => await SendAsync(request, context.RequestAborted),
                "account_balance" => Balance(request),
                "account_info" => Info(request),
                "account_history" => History(request),
                "receivable" => ReceivableBlocks(request),
                var other => new Dictionary<string, string> { ["error"] = $"Unknown command {other}" },
            };
        }
        catch (OperationCanceledException)
        {
            // The caller stopped waiting; the send it asked for goes on regardless, as on a node.
            return;
        }
        if (fault is Fault.LoseReply)
        {
            context.Abort();
            return;
        }
        await context.Response.WriteAsJsonAsync(answer);
    }

    private async Task<Dictionary<string, string>> SendAsync(JsonElement request, CancellationToken aborted)
    {
        var send = new RecordedSend(
            request.GetProperty("wallet").GetString()!,
            request.GetProperty("source").GetString()!,
            request.GetProperty("destination").GetString()!,
            request.GetProperty("amount").GetString()!,
            request.GetProperty("id").GetString()!,
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("fake-send:" + request.GetProperty("id").GetString()))));
        sourcesById.GetOrAdd(send.Id, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(send.Source, 0);
        var open = inFlight.GetOrAdd(send.Source, _ => new InFlight());
        open.Enter();
        try
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = taken.GetOrAdd(send.Id, new TakenSend(send, done.Task));
            if (first.Send != send)
            {
                conflicts.Add(send.Id);
            }
            if (first.CarriedOut == done.Task)
            {
                // A node takes a send on before it answers, and finishes it even if the caller stops waiting.
                _ = CarryOutAsync(send, done);
            }
            // A repeated id answers its first send's block (a node keeps the id with the block and neither builds nor
            // works on a second one), waiting only if that send is still on its chain.
            return await first.CarriedOut.WaitAsync(aborted)
                ? new Dictionary<string, string> { ["block"] = first.Send.Block }
                : new Dictionary<string, string> { ["error"] = "Insufficient balance" };
        }
        finally
        {
            open.Leave();
        }
    }

    private async Task CarryOutAsync(RecordedSend send, TaskCompletionSource<bool> done)
    {
        var chain = chains.GetOrAdd(send.Source, _ => new Chain());
        var time = SendTime;
        try
        {
            if (time > TimeSpan.Zero)
            {
                await chain.Turn.WaitAsync(stopping.Token);
            }
            try
            {
                var began = Stopwatch.GetElapsedTime(startedAt);
                // Task.Delay may wake a little early by the stopwatch; a send never takes less than its time.
                TimeSpan left;
                while ((left = time - (Stopwatch.GetElapsedTime(startedAt) - began)) > TimeSpan.Zero)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), stopping.Token);
                }
                if (SpendsBalances && !Spend(send))
                {
                    // Refused: the node builds no block and keeps no id, so the same send may come again later.
                    taken.TryRemove(send.Id, out _);
                    done.SetResult(false);
                    return;
                }
                chain.Links.Enqueue(new ChainLink(send.Id, began, Stopwatch.GetElapsedTime(startedAt)));
                sends[send.Id] = send;
                lock (ledger)
                {
                    // A real send block's link is the destination's public key; any 64 hex digits do here.
                    BlocksOf(send.Source).Add(new LedgerBlock(send.Block, "send", send.Destination, send.Amount, Hash("key:" + send.Destination), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                }
            }
            finally
            {
                if (time > TimeSpan.Zero)
                {
                    chain.Turn.Release();
                }
            }
            done.SetResult(true);
        }
        catch (OperationCanceledException)
        {
            done.SetCanceled(stopping.Token);
        }
    }

    private bool Spend(RecordedSend send)
    {
        var amount = UInt128.Parse(send.Amount, CultureInfo.InvariantCulture);
        while (true)
        {
            var balance = Balances.GetValueOrDefault(send.Source);
            if (balance < amount)
            {
                return false;
            }
            if (Balances.TryUpdate(send.Source, balance - amount, balance))
            {
                return true;
            }
        }
    }

    private Dictionary<string, string> Balance(JsonElement request)
    {
        var account = request.GetProperty("account").GetString()!;
        var receivable = Receivable.GetValueOrDefault(account).ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["balance"] = Balances.GetValueOrDefault(account).ToString(CultureInfo.InvariantCulture),
            ["pending"] = receivable,
            ["receivable"] = receivable,
        };
    }

    private Dictionary<string, string> Info(JsonElement request)
    {
        var account = request.GetProperty("account").GetString()!;
        if (!Balances.TryGetValue(account, out var balance))
        {
            return new Dictionary<string, string> { ["error"] = "Account not found" };
        }
        return new Dictionary<string, string>
        {
            ["frontier"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("frontier:" + account))),
            ["open_block"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("open:" + account))),
            ["balance"] = balance.ToString(CultureInfo.InvariantCulture),
            ["block_count"] = "7",
        };
    }

    /// <summary>The account's latest blocks, newest first, as <c>account_history</c> lists them: raw state blocks
    /// when <c>raw</c> is asked for, plain sends and receives without the send block they receive otherwise. An
    /// account without blocks has an empty history, which the node writes as "".</summary>
    private Dictionary<string, object> History(JsonElement request)
    {
        var account = request.GetProperty("account").GetString()!;
        var count = int.Parse(request.GetProperty("count").GetString()!, CultureInfo.InvariantCulture);
        var raw = IsTrue(request, "raw");
        List<LedgerBlock> chain;
        lock (ledger)
        {
            chain = blocks.TryGetValue(account, out var all) ? [.. all] : [];
        }

        var entries = new List<Dictionary<string, string>>();
        for (var height = chain.Count; height > 0 && entries.Count < count; height--)
        {
            var block = chain[height - 1];
            var entry = raw
                ? new Dictionary<string, string>
                {
                    ["type"] = "state",
                    ["link"] = block.Link,
                    ["previous"] = height == 1 ? new string('0', 64) : chain[height - 2].Hash,
                    ["subtype"] = block.Subtype,
                }
                : new Dictionary<string, string> { ["type"] = block.Subtype };
            entry["account"] = block.Account;
            entry["amount"] = block.Amount;
            entry["local_timestamp"] = block.LocalTimestamp.ToString(CultureInfo.InvariantCulture);
            entry["height"] = height.ToString(CultureInfo.InvariantCulture);
            entry["hash"] = block.Hash;
            entry["confirmed"] = "true";
            entries.Add(entry);
        }

        var answer = new Dictionary<string, object> { ["account"] = account, ["history"] = entries.Count == 0 ? "" : entries };
        if (chain.Count > count)
        {
            answer["previous"] = chain[chain.Count - count - 1].Hash;
        }
        return answer;
    }

    /// <summary>The account's receivable send blocks in the node's order (by hash): with <c>source</c>, an object of
    /// each hash's amount and sender; without, the bare hashes. None is written as "".</summary>
    private Dictionary<string, object> ReceivableBlocks(JsonElement request)
    {
        var account = request.GetProperty("account").GetString()!;
        var count = int.Parse(request.GetProperty("count").GetString()!, CultureInfo.InvariantCulture);
        List<Donation> waiting;
        lock (ledger)
        {
            waiting = [.. unreceived.Values.Where(d => d.To == account).OrderBy(d => d.SendHash, StringComparer.Ordinal).Take(count)];
        }
        object answer = waiting.Count == 0 ? ""
            : IsTrue(request, "source") ? waiting.ToDictionary(d => d.SendHash, d => new Dictionary<string, string> { ["amount"] = d.Raw.ToString(CultureInfo.InvariantCulture), ["source"] = d.From })
            : waiting.Select(d => d.SendHash).ToList();
        return new Dictionary<string, object> { ["blocks"] = answer };
    }

    /// <summary>Puts the donation's receive block on its account's chain and its amount in the balance; under the ledger's lock.</summary>
    private void ReceiveInto(Donation donation)
    {
        BlocksOf(donation.To).Add(new LedgerBlock(
            Hash("fake-receive:" + donation.SendHash), "receive", donation.From, donation.Raw.ToString(CultureInfo.InvariantCulture), donation.SendHash, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Balances.AddOrUpdate(donation.To, donation.Raw, (_, balance) => balance + donation.Raw);
    }

    /// <summary>The account's chain, oldest block first; under the ledger's lock.</summary>
    private List<LedgerBlock> BlocksOf(string account)
    {
        if (!blocks.TryGetValue(account, out var chain))
        {
            blocks[account] = chain = [];
        }
        return chain;
    }

    /// <summary>A flag as the node reads it: JSON true or the string "true".</summary>
    private static bool IsTrue(JsonElement request, string flag) =>
        request.TryGetProperty(flag, out var value) && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && value.GetString() == "true"));

    private static string Hash(string seed) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public sealed record RecordedSend(string Wallet, string Source, string Destination, string Amount, string Id, string Block);

    /// <summary>One send on its account's chain: when it began and ended, as time since the node started.</summary>
    public sealed record ChainLink(string Id, TimeSpan Began, TimeSpan Ended);

    /// <summary>A block on an account's chain: a send (<see cref="Account"/> is the destination) or a receive
    /// (<see cref="Account"/> is the sender and <see cref="Link"/> the send block it receives).</summary>
    private sealed record LedgerBlock(string Hash, string Subtype, string Account, string Amount, string Link, long LocalTimestamp);

    /// <summary>A transfer made with <see cref="Donate"/>, by the hash of its send block.</summary>
    private sealed record Donation(string SendHash, string From, string To, UInt128 Raw);

    /// <summary>A send the node has taken on by its id, and its end: carried out, or refused for want of balance.</summary>
    private sealed record TakenSend(RecordedSend Send, Task<bool> CarriedOut);

    /// <summary>The send requests from one account open at once, and the most there ever were.</summary>
    private sealed class InFlight
    {
        private int now;
        private int most;

        public int Most => Volatile.Read(ref most);

        public void Enter()
        {
            var open = Interlocked.Increment(ref now);
            int seen;
            while (open > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, open, seen) != seen)
            {
            }
        }

        public void Leave() => Interlocked.Decrement(ref now);
    }

    /// <summary>One source account's turn to send, and the sends it carried out.</summary>
    private sealed class Chain
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public ConcurrentQueue<ChainLink> Links { get; } = new();
    }

    public abstract record Fault
    {
        /// <summary>Never answers; the client's timeout ends the request.</summary>
        public sealed record Hang : Fault;

        public sealed record HttpError(int Status) : Fault;

        public sealed record NodeError(string Message) : Fault;

        /// <summary>Answers with something that is not JSON.</summary>
        public sealed record Garbage : Fault;

        /// <summary>Carries out the request, then drops the connection before answering.</summary>
        public sealed record LoseReply : Fault;

        /// <summary>Answers with this JSON instead of carrying out the request: another version's answer, or one that
        /// is not the protocol.</summary>
        public sealed record Answer(string Json) : Fault;
    }
}
