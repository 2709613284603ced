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
        catch (BananoNodeException e) when (e.Failure == BananoNodeFailure.Rejected && e.Message.EndsWith(AccountNotFound, StringComparison.Ordinal))
        {
            return null;
        }
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

    private static BananoNodeException Invalid(string action, string why) =>
        new(BananoNodeFailure.InvalidResponse, $"The Banano node's answer to {action} is not valid: {why}");
}
