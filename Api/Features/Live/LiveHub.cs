using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Faucet.Api.Features.Sessions;
using Faucet.Feed;
using Faucet.Players;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Faucet.Api.Features.Live;

/// <summary>
/// The channels of this Api process and the sockets that watch them. Every frame of a channel is encoded once and
/// queued to each watcher in the order of its <c>seq</c>. The public <c>feed</c> comes from this process's one
/// subscription to the global feed stream (<see cref="LiveFeedService"/>); an <c>account:&lt;id&gt;</c> channel holds
/// one subscription to that account's stream for as long as any socket here watches it.
/// </summary>
public sealed partial class LiveHub(IClusterClient cluster, AccessTokens tokens, IOptions<JsonOptions> json, ILogger<LiveHub> logger)
{
    public const string FeedChannel = "feed";
    public const string AccountPrefix = "account:";

    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LiveChannel> channels = new(StringComparer.Ordinal);
    private ImmutableHashSet<LiveConnection> connections = [];

    private sealed class LiveChannel(string name)
    {
        public string Name { get; } = name;
        public ImmutableHashSet<LiveConnection> Watchers { get; set; } = [];
        public long Seq { get; set; }

        /// <summary>Serialises subscribing and unsubscribing the account stream as watchers come and go.</summary>
        public SemaphoreSlim Subscription { get; } = new(1, 1);
        public StreamSubscriptionHandle<object>? Handle { get; set; }
    }

    public int Connections => connections.Count;

    /// <summary>The channels watched here, with how many sockets watch each.</summary>
    public IReadOnlyDictionary<string, int> Watched()
    {
        lock (gate)
        {
            return channels.Values.Where(c => !c.Watchers.IsEmpty).ToDictionary(c => c.Name, c => c.Watchers.Count, StringComparer.Ordinal);
        }
    }

    public bool IsWatched(string channel)
    {
        lock (gate)
        {
            return channels.TryGetValue(channel, out var c) && !c.Watchers.IsEmpty;
        }
    }

    /// <summary>Sends a frame to everyone watching <paramref name="channel"/> (nobody: nothing happens).</summary>
    public void Publish(string channel, string type, object payload)
    {
        lock (gate)
        {
            if (!channels.TryGetValue(channel, out var c) || c.Watchers.IsEmpty)
            {
                return;
            }
            var frame = Encode(channel, type, payload, ++c.Seq);
            foreach (var watcher in c.Watchers)
            {
                watcher.Enqueue(frame);
            }
        }
    }

    public void Connect(LiveConnection connection) => ImmutableInterlocked.Update(ref connections, set => set.Add(connection));

    public async Task DisconnectAsync(LiveConnection connection)
    {
        ImmutableInterlocked.Update(ref connections, set => set.Remove(connection));
        List<LiveChannel> left;
        lock (gate)
        {
            left = channels.Values.Where(c => c.Watchers.Contains(connection)).ToList();
            foreach (var channel in left)
            {
                channel.Watchers = channel.Watchers.Remove(connection);
            }
        }
        foreach (var channel in left)
        {
            await FollowWatchersAsync(channel);
        }
    }

    public async Task SubscribeAsync(LiveConnection connection, string channel, string? token)
    {
        if (channel != FeedChannel)
        {
            if (!channel.StartsWith(AccountPrefix, StringComparison.Ordinal) || !UserId.TryParse(channel[AccountPrefix.Length..], out var account))
            {
                connection.Enqueue(ErrorFrame(channel, "unknown_channel", "channels are feed and account:<userId>"));
                return;
            }
            var who = token is null ? connection.User : (await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName)).Identity is { } identity ? new ClaimsPrincipal(identity) : null;
            if (who?.Identity?.Name is not { } user || (user != account.Value && !who.IsInRole("support") && !who.IsInRole("admin")))
            {
                connection.Enqueue(ErrorFrame(channel, "forbidden", "an account channel needs that player's access token (or a support or admin one)"));
                return;
            }
        }

        LiveChannel live;
        long seq;
        lock (gate)
        {
            if (!channels.TryGetValue(channel, out live!))
            {
                channels[channel] = live = new LiveChannel(channel);
            }
            live.Watchers = live.Watchers.Add(connection);
            seq = live.Seq;
            // Acknowledged before any frame of the channel can reach this socket, and under the same lock.
            connection.Enqueue(Encode(channel, "subscribed", new { }, seq));
        }
        await FollowWatchersAsync(live);
    }

    public async Task UnsubscribeAsync(LiveConnection connection, string channel)
    {
        LiveChannel? live;
        lock (gate)
        {
            if (channels.TryGetValue(channel, out live))
            {
                live.Watchers = live.Watchers.Remove(connection);
            }
            connection.Enqueue(Encode(channel, "unsubscribed", new { }, live?.Seq ?? 0));
        }
        if (live is not null)
        {
            await FollowWatchersAsync(live);
        }
    }

    /// <summary>An account channel holds its stream subscription exactly while it has watchers.</summary>
    private async Task FollowWatchersAsync(LiveChannel channel)
    {
        if (!channel.Name.StartsWith(AccountPrefix, StringComparison.Ordinal))
        {
            return;
        }
        await channel.Subscription.WaitAsync();
        try
        {
            var watched = !channel.Watchers.IsEmpty;
            if (watched && channel.Handle is null)
            {
                var user = channel.Name[AccountPrefix.Length..];
                channel.Handle = await AccountStream(user).SubscribeAsync((e, _) =>
                {
                    switch (e)
                    {
                        case BalanceChangedEvent balance:
                            Publish(channel.Name, "balance", balance);
                            break;
                        case ClickCountsEvent clicks:
                            Publish(channel.Name, "click", clicks);
                            break;
                        case VanityJobFoundEvent vanity:
                            Publish(channel.Name, "vanity", vanity);
                            break;
                    }
                    return Task.CompletedTask;
                });
            }
            else if (!watched && channel.Handle is { } handle)
            {
                channel.Handle = null;
                await handle.UnsubscribeAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSubscriptionFailed(logger, channel.Name, e);
        }
        finally
        {
            channel.Subscription.Release();
        }
    }

    /// <summary>After the cluster connection comes back: each watched account channel subscribes afresh (see
    /// <see cref="LiveFeedService"/> for why not resume).</summary>
    public async Task ResubscribeAccountsAsync()
    {
        List<LiveChannel> accounts;
        lock (gate)
        {
            accounts = channels.Values.Where(c => c.Handle is not null).ToList();
        }
        foreach (var channel in accounts)
        {
            await channel.Subscription.WaitAsync();
            try
            {
                if (channel.Handle is { } old)
                {
                    channel.Handle = null;
                    await LiveFeedService.EndQuietlyAsync(old);
                }
            }
            finally
            {
                channel.Subscription.Release();
            }
            await FollowWatchersAsync(channel);
        }
    }

    private IAsyncStream<object> AccountStream(string user) =>
        cluster.GetStreamProvider(FeedStreams.ProviderName).GetStream<object>(StreamId.Create(FeedStreams.AccountNamespace, user));

    public byte[] ErrorFrame(string? channel, string code, string message) => Encode(channel, "error", new { code, message }, 0);

    public byte[] Encode(string? channel, string type, object payload, long seq) =>
        JsonSerializer.SerializeToUtf8Bytes(new ServerFrame(channel, type, payload, seq), options);

    private sealed record ServerFrame(string? Channel, string Type, object Payload, long Seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stream behind {Channel} could not be (un)subscribed")]
    private static partial void LogSubscriptionFailed(ILogger logger, string channel, Exception exception);
}
