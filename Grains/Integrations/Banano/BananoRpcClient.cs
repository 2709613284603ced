using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Money;
using Faucet.Telemetry;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Faucet.Integrations.Banano;

/// <summary>
/// The live adapter: the node's JSON RPC over HTTP (one POST per action, errors as <c>{"error": "…"}</c> with
/// status 200). Amounts travel as raw integer strings. Timeouts, jittered retries and the circuit breaker come
/// from the resilience handler the HttpClient is registered with; retrying a send is safe because of its id.
/// </summary>
public sealed class BananoRpcClient(HttpClient http) : IBananoNode
{
    private const string AccountNotFound = "Account not found";

    public async Task<BlockHash> SendAsync(BananoSend send, CancellationToken cancellationToken)
    {
        using var reply = await CallAsync(new Dictionary<string, string>
        {
            ["action"] = "send",
            ["wallet"] = send.WalletId,
            ["source"] = send.Source.Value,
            ["destination"] = send.Destination.Value,
            ["amount"] = send.Amount.ToRawString(),
            ["id"] = send.Id,
        }, cancellationToken);
        return BlockHash.TryParse(Text(reply.RootElement, "block", "send"), out var hash)
            ? hash
            : throw Invalid("send", "its block is not a block hash");
    }

    public async Task<AccountBalance> GetBalanceAsync(BananoAddress account, CancellationToken cancellationToken)
    {
        using var reply = await CallAsync(new Dictionary<string, string> { ["action"] = "account_balance", ["account"] = account.Value }, cancellationToken);
        var root = reply.RootElement;
        // Older nodes call the not-yet-received part "pending", newer ones "receivable".
        var receivable = root.TryGetProperty("receivable", out _) ? "receivable" : "pending";
        return new AccountBalance(Raw(root, "balance", "account_balance"), Raw(root, receivable, "account_balance"));
    }

    public async Task<AccountInfo?> GetAccountInfoAsync(BananoAddress account, CancellationToken cancellationToken)
    {
        try
        {
            using var reply = await CallAsync(new Dictionary<string, string> { ["action"] = "account_info", ["account"] = account.Value }, cancellationToken);
            var root = reply.RootElement;
            return new AccountInfo(
                BlockHash.TryParse(Text(root, "frontier", "account_info"), out var frontier) ? frontier : throw Invalid("account_info", "its frontier is not a block hash"),
                Raw(root, "balance", "account_info"),
                long.TryParse(Text(root, "block_count", "account_info"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw Invalid("account_info", "block_count is not a number"));
        }
        catch (BananoNodeException e) when (IsAccountNotFound(e))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<IncomingTransfer>> GetIncomingAsync(BananoAddress account, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        // The history before the receivable blocks: a transfer received between the two calls is then in neither
        // answer (and in the next call's history), never in both.
        var received = await GetReceivedAsync(account, count, cancellationToken);
        var receivable = await GetReceivableAsync(account, count, cancellationToken);
        return [.. receivable, .. received];
    }

    /// <summary>The receive blocks among the account's <paramref name="count"/> latest blocks, newest first.</summary>
    private async Task<List<IncomingTransfer>> GetReceivedAsync(BananoAddress account, int count, CancellationToken cancellationToken)
    {
        JsonDocument reply;
        try
        {
            reply = await CallAsync(new Dictionary<string, string>
            {
                ["action"] = "account_history",
                ["account"] = account.Value,
                // Only raw blocks name the send block that each one receives.
                ["raw"] = "true",
                ["count"] = count.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
        }
        catch (BananoNodeException e) when (IsAccountNotFound(e))
        {
            // A node answers an account without blocks with an empty history; refusing it as unknown means the same.
            return [];
        }

        using (reply)
        {
            var history = reply.RootElement.TryGetProperty("history", out var value) ? value : throw Invalid("account_history", "it has no history");
            if (IsEmptyTree(history))
            {
                return [];
            }
            if (history.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("account_history", "its history is not a list");
            }

            var received = new List<IncomingTransfer>();
            foreach (var entry in history.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid("account_history", "an entry of its history is not an object");
                }
                if (SendBlockProperty(entry) is { } sendBlock)
                {
                    received.Add(new IncomingTransfer(
                        Hash(entry, sendBlock, "account_history"),
                        Address(entry, "account", "account_history"),
                        Raw(entry, "amount", "account_history"),
                        ReceivedAt(entry),
                        Received: true));
                }
            }
            return received;
        }
    }

    /// <summary>The transfers sent to the account that it has not received, at most <paramref name="count"/>.</summary>
    private async Task<List<IncomingTransfer>> GetReceivableAsync(BananoAddress account, int count, CancellationToken cancellationToken)
    {
        using var reply = await CallAsync(new Dictionary<string, string>
        {
            ["action"] = "receivable",
            ["account"] = account.Value,
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
            // Without it the node answers bare block hashes, with neither amounts nor senders.
            ["source"] = "true",
        }, cancellationToken);
        var blocks = reply.RootElement.TryGetProperty("blocks", out var value) ? value : throw Invalid("receivable", "it has no blocks");
        if (IsEmptyTree(blocks))
        {
            return [];
        }
        if (blocks.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("receivable", "its blocks are not an object of send blocks");
        }
        return [.. blocks.EnumerateObject().Select(block => BlockHash.TryParse(block.Name, out var hash) && block.Value.ValueKind == JsonValueKind.Object
            ? new IncomingTransfer(hash, Address(block.Value, "source", "receivable"), Raw(block.Value, "amount", "receivable"), At: null, Received: false)
            : throw Invalid("receivable", $"{block.Name} is not a send block with its amount and source"))];
    }

    /// <summary>One RPC call, timed for <c>faucet.node.request.duration</c> by action and outcome.</summary>
    private async Task<JsonDocument> CallAsync(Dictionary<string, string> request, CancellationToken cancellationToken)
    {
        var action = request["action"];
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await CallOnceAsync(request, action, cancellationToken);
            FaucetMetrics.NodeRequest(action, "ok", Stopwatch.GetElapsedTime(started));
            return reply;
        }
        catch (BananoNodeException e)
        {
            FaucetMetrics.NodeRequest(action, e.Failure switch
            {
                BananoNodeFailure.Unreachable => "unreachable",
                BananoNodeFailure.Rejected => "rejected",
                BananoNodeFailure.InsufficientBalance => "insufficient_balance",
                _ => "invalid_response",
            }, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<JsonDocument> CallOnceAsync(Dictionary<string, string> request, string action, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("", request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new BananoNodeException(BananoNodeFailure.Unreachable, $"The Banano node did not answer {action}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new BananoNodeException(BananoNodeFailure.Unreachable, $"The Banano node answered {action} with HTTP {(int)response.StatusCode}");
            }

            JsonDocument reply;
            try
            {
                reply = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            }
            catch (JsonException e)
            {
                throw new BananoNodeException(BananoNodeFailure.InvalidResponse, $"The Banano node answered {action} with something that is not JSON", e);
            }

            if (reply.RootElement.ValueKind != JsonValueKind.Object)
            {
                reply.Dispose();
                throw Invalid(action, "the answer is not a JSON object");
            }
            if (reply.RootElement.TryGetProperty("error", out var error))
            {
                var message = error.ToString();
                reply.Dispose();
                throw new BananoNodeException(
                    message.Contains("insufficient balance", StringComparison.OrdinalIgnoreCase) ? BananoNodeFailure.InsufficientBalance : BananoNodeFailure.Rejected,
                    $"The Banano node refused {action}: {message}");
            }
            return reply;
        }
    }

    private static string Text(JsonElement root, string property, string action) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Invalid(action, $"it has no {property}");

    private static BanAmount Raw(JsonElement root, string property, string action) =>
        UInt128.TryParse(Text(root, property, action), NumberStyles.None, CultureInfo.InvariantCulture, out var raw)
            ? BanAmount.FromRaw(raw)
            : throw Invalid(action, $"{property} is not a raw amount");

    /// <summary>The property of a raw history entry that holds the hash of the send block it receives, or null for a
    /// block that receives nothing (a send, a change of representative, an epoch upgrade).</summary>
    private static string? SendBlockProperty(JsonElement entry) => Text(entry, "type", "account_history") switch
    {
        "state" => Text(entry, "subtype", "account_history") == "receive" ? "link" : null,
        // Blocks from before state blocks; an open block is its account's first receive.
        "receive" or "open" => "source",
        _ => null,
    };

    private static DateTimeOffset? ReceivedAt(JsonElement entry)
    {
        if (!long.TryParse(Text(entry, "local_timestamp", "account_history"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw Invalid("account_history", "local_timestamp is not a time");
        }
        // Blocks that a node stored before it kept timestamps have 0.
        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>The node writes its JSON from a property tree, which writes an empty list or object as "".</summary>
    private static bool IsEmptyTree(JsonElement value) => value.ValueKind == JsonValueKind.String && value.GetString() == "";

    private static bool IsAccountNotFound(BananoNodeException e) =>
        e.Failure == BananoNodeFailure.Rejected && e.Message.EndsWith(AccountNotFound, StringComparison.Ordinal);

    private static BlockHash Hash(JsonElement root, string property, string action) =>
        BlockHash.TryParse(Text(root, property, action), out var hash)
            ? hash
            : throw Invalid(action, $"{property} is not a block hash");

    private static BananoAddress Address(JsonElement root, string property, string action) =>
        BananoAddress.TryParse(Text(root, property, action), out var address, out _)
            ? address
            : throw Invalid(action, $"{property} is not a Banano address");

    private static BananoNodeException Invalid(string action, string why) =>
        new(BananoNodeFailure.InvalidResponse, $"The Banano node's answer to {action} is not valid: {why}");
}
