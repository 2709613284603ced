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
/// is), <c>account_balance</c> and <c>account_info</c>. Tests queue faults to make the next requests fail, hang,
/// answer with errors, or act and then lose the reply.
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
    private int requests;

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
        }

        Dictionary<string, string> answer;
        try
        {
            answer = action switch
            {
                "send" => await SendAsync(request, context.RequestAborted),
                "account_balance" => Balance(request),
                "account_info" => Info(request),
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

    public sealed record RecordedSend(string Wallet, string Source, string Destination, string Amount, string Id, string Block);

    /// <summary>One send on its account's chain: when it began and ended, as time since the node started.</summary>
    public sealed record ChainLink(string Id, TimeSpan Began, TimeSpan Ended);

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
    }
}
