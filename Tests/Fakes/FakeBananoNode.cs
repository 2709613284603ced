using System.Collections.Concurrent;
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
public sealed class FakeBananoNode : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Fault> faults = new();
    private readonly ConcurrentQueue<Fault> sendFaults = new();
    private readonly ConcurrentDictionary<string, RecordedSend> sends = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> conflicts = [];
    private int requests;

    private FakeBananoNode(WebApplication app) => this.app = app;

    public Uri Url => new(app.Urls.First());

    /// <summary>Every distinct send the node carried out, by id.</summary>
    public IReadOnlyDictionary<string, RecordedSend> Sends => sends;

    /// <summary>Ids that came back with other data than their first send.</summary>
    public IReadOnlyCollection<string> Conflicts => conflicts;

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Added to every answer, as a node's latency.</summary>
    public TimeSpan Latency { get; set; }

    public ConcurrentDictionary<string, UInt128> Balances { get; } = new(StringComparer.Ordinal);

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
        await app.StopAsync();
        await app.DisposeAsync();
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
        if (fault is Fault.NodeError && action == "send" && sends.ContainsKey(request.GetProperty("id").GetString()!))
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

        var answer = action switch
        {
            "send" => Send(request),
            "account_balance" => Balance(request),
            "account_info" => Info(request),
            var other => new Dictionary<string, string> { ["error"] = $"Unknown command {other}" },
        };
        if (fault is Fault.LoseReply)
        {
            context.Abort();
            return;
        }
        await context.Response.WriteAsJsonAsync(answer);
    }

    private Dictionary<string, string> Send(JsonElement request)
    {
        var send = new RecordedSend(
            request.GetProperty("wallet").GetString()!,
            request.GetProperty("source").GetString()!,
            request.GetProperty("destination").GetString()!,
            request.GetProperty("amount").GetString()!,
            request.GetProperty("id").GetString()!,
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("fake-send:" + request.GetProperty("id").GetString()))));
        var first = sends.GetOrAdd(send.Id, send);
        if (first != send)
        {
            conflicts.Add(send.Id);
        }
        return new Dictionary<string, string> { ["block"] = first.Block };
    }

    private Dictionary<string, string> Balance(JsonElement request)
    {
        var balance = Balances.GetValueOrDefault(request.GetProperty("account").GetString()!);
        return new Dictionary<string, string>
        {
            ["balance"] = balance.ToString(CultureInfo.InvariantCulture),
            ["pending"] = "0",
            ["receivable"] = "0",
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
