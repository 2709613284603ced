using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Faucet.Tests.Live;

/// <summary>A client of <c>/ws</c> on a running Api. Unless told not to read, it reads frames as they come into a
/// queue that a test takes them from in order.</summary>
internal sealed class FeedSocket : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ClientWebSocket socket = new();
    private readonly Channel<JsonElement> frames = Channel.CreateUnbounded<JsonElement>();
    private Task? reading;

    private FeedSocket()
    {
    }

    public WebSocketState State => socket.State;

    /// <summary>The close the server sent, once the socket has been read to its end.</summary>
    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public static async Task<FeedSocket> ConnectAsync(HttpClient api, bool read = true, string? bearer = null)
    {
        var feed = new FeedSocket();
        if (bearer is not null)
        {
            feed.socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }
        var uri = new UriBuilder(api.BaseAddress!) { Scheme = "ws", Path = "/ws" }.Uri;
        await feed.socket.ConnectAsync(uri, CancellationToken.None);
        if (read)
        {
            feed.StartReading();
        }
        return feed;
    }

    /// <summary>Starts reading (for a socket connected without).</summary>
    public void StartReading() => reading ??= ReadAsync();

    public Task SendAsync(string op, string channel, string? token = null) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { op, channel, token }), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendRawAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame, in the order the server sent them.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await frames.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next frame of <paramref name="type"/>, skipping others (ticks, say).</summary>
    public async Task<JsonElement> NextAsync(string type)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var frame = await frames.Reader.ReadAsync(timeout.Token);
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>Completes when the server has closed or cut the socket (reading what is left first).</summary>
    public async Task ClosedAsync()
    {
        StartReading();
        using var timeout = new CancellationTokenSource(Patience);
        await reading!.WaitAsync(timeout.Token);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                frames.Writer.TryWrite(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
            }
        }
        catch (WebSocketException)
        {
            // Cut by the server.
        }
        frames.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                if (reading is not null)
                {
                    await reading.WaitAsync(timeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
                socket.Abort();
            }
        }
        socket.Dispose();
    }
}
