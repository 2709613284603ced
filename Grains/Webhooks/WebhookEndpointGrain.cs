using System.Net;
using Faucet.Audit;
using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;

namespace Faucet.Webhooks;

/// <summary>
/// Sends one endpoint's deliveries in the order they were recorded (one waiting for its retry holds back those after
/// it), signed with Standard Webhooks headers (<c>webhook-id</c> is the
/// message id, the same on every retry, so the receiver can drop repeats). A 2xx delivers; 410 Gone disables the
/// endpoint and abandons what is pending; anything else (or no answer) is tried again after 5 s, 30 s, 2 min, 10 min,
/// 30 min, 1 h, 2 h, 4 h, 6 h and 8 h (about 21 hours in all), then the delivery has failed.
/// </summary>
public sealed partial class WebhookEndpointGrain(
    IWebhookStore store,
    IAuditLog audit,
    IHttpClientFactory http,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<WebhookEndpointGrain> logger) : Grain, IWebhookEndpointGrain, IRemindable
{
    public const string HttpClientName = "webhooks";
    private const string Look = "webhook-look";

    private static readonly TimeSpan[] Retries =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(6), TimeSpan.FromHours(8),
    ];

    private bool reminding;

    private string EndpointId => this.GetPrimaryKeyString();

    private OneShotTimer Next => field ??= new(this, "webhook delivery", DeliverDueAsync, logger);

    /// <summary>Returns at once: the sending happens on this grain's own timer, so a publisher (a settlement round, a
    /// purchase, a ban) never waits for an operator's endpoint.</summary>
    public async Task PokeAsync()
    {
        if (!reminding)
        {
            var period = reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(Look, period, period);
            reminding = true;
        }
        Next.Schedule(TimeSpan.Zero);
    }

    public async Task<string?> SendTestAsync(string actor)
    {
        if (await store.EndpointAsync(EndpointId, CancellationToken.None) is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var messageId = "msg_" + UserId.New(time).Value.ToLowerInvariant();
        // Recorded and poked here rather than through WebhookPublishing, whose poke would call this grain from inside its
        // own turn and wait on itself.
        await store.PublishAsync(WebhookEvents.Test, messageId, WebhookPublishing.PayloadOf(WebhookEvents.Test, new { endpointId = EndpointId }, now), now,
            EndpointId, CancellationToken.None);
        await PokeAsync();
        await audit.RecordAsync(actor, "webhook.tested", EndpointId, new { messageId }, CancellationToken.None);
        return messageId;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await store.EndpointAsync(EndpointId, CancellationToken.None) is null)
        {
            await this.ForgetReminderAsync(Look);
            return;
        }
        await DeliverDueAsync();
    }

    private async Task DeliverDueAsync()
    {
        Next.Cancel();
        if (await store.EndpointAsync(EndpointId, CancellationToken.None) is not { } endpoint)
        {
            return;
        }
        var client = http.CreateClient(HttpClientName);
        foreach (var delivery in await store.DueAsync(EndpointId, time.GetUtcNow(), 100, CancellationToken.None))
        {
            var now = time.GetUtcNow();
            // The receiver checks the timestamp against its own clock: the real time, whatever clock the faucet runs on.
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(delivery.Payload, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", delivery.MessageId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(endpoint.Secret, delivery.MessageId, timestamp, delivery.Payload));
            int? status = null;
            string? error = null;
            try
            {
                using var response = await client.SendAsync(request, CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error = e.Message;
            }
            if (status is >= 200 and < 300)
            {
                await store.RecordAttemptAsync(delivery.DeliveryId, "delivered", status, null, null, now, CancellationToken.None);
                FaucetMetrics.WebhookDelivery("delivered");
            }
            else if (status == (int)HttpStatusCode.Gone)
            {
                await store.RecordAttemptAsync(delivery.DeliveryId, "abandoned", status, "410 Gone", null, now, CancellationToken.None);
                FaucetMetrics.WebhookDelivery("gone");
                await store.DisableAsync(EndpointId, "the endpoint answered 410 Gone", CancellationToken.None);
                await this.ForgetReminderAsync(Look);
                LogDisabled(logger, EndpointId);
                return;
            }
            else
            {
                var failed = delivery.Attempts >= Retries.Length;
                await store.RecordAttemptAsync(delivery.DeliveryId, failed ? "failed" : "pending", status, error ?? $"HTTP {status}",
                    failed ? null : now + Retries[delivery.Attempts], now, CancellationToken.None);
                FaucetMetrics.WebhookDelivery(failed ? "failed" : "retry");
                // Later deliveries wait for this one: an endpoint sees events in order.
                break;
            }
        }
        if (await store.NextDueAsync(EndpointId, CancellationToken.None) is { } due)
        {
            Next.Schedule(due - time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} answered 410 Gone and is disabled")]
    private static partial void LogDisabled(ILogger logger, string endpointId);
}
