using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using Faucet.Telemetry;

namespace Faucet.Api.Features.Live;

/// <summary>
/// One socket on <c>/ws</c>. Frames for it wait in a bounded queue that one writer drains, so a publisher never
/// waits for a socket: a socket whose queue is full is closed as too slow (1008) and the others are untouched.
/// The reader takes the client's <c>subscribe</c> / <c>unsubscribe</c> frames; a refusal is an <c>error</c> frame,
/// and the socket stays open.
/// </summary>
public sealed partial class LiveConnection
{
    public const int MaxClientFrameBytes = 4096;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly WebSocket socket;
    private readonly LiveHub hub;
    private readonly ClaimsPrincipal? user;
    private readonly int queueLength;
    private readonly Channel<byte[]> outbox;
    private readonly ILogger logger;
    private int slow;

    public LiveConnection(WebSocket socket, LiveHub hub, ClaimsPrincipal? user, int queueLength, ILogger logger)
    {
        this.socket = socket;
        this.hub = hub;
        this.user = user;
        this.queueLength = queueLength;
        this.logger = logger;
        outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The user the upgrade request was signed in as, if any.</summary>
    public ClaimsPrincipal? User => user;

    /// <summary>Queues a frame; never waits. A full queue closes the socket as too slow.</summary>
    public void Enqueue(byte[] frame)
    {
        if (!outbox.Writer.TryWrite(frame) && Interlocked.Exchange(ref slow, 1) == 0)
        {
            outbox.Writer.TryComplete();
            FaucetMetrics.FeedDroppedSlow();
            LogSlow(logger, queueLength);
            _ = AbortIfStuckAsync();
        }
    }

    /// <summary>A client that reads nothing can leave the writer stuck in a send, with no way to get the close frame
    /// out: after the grace period such a socket is cut.</summary>
    private async Task AbortIfStuckAsync()
    {
        await Task.Delay(CloseGrace);
        if (socket.State == WebSocketState.Open)
        {
            socket.Abort();
        }
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        hub.Connect(this);
        FaucetMetrics.FeedConnected();
        var writing = WriteAsync();
        try
        {
            await ReadAsync(aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close handshake, or the socket was aborted: nothing to answer.
        }
        finally
        {
            FaucetMetrics.FeedDisconnected();
            await hub.DisconnectAsync(this);
            outbox.Writer.TryComplete();
            await writing;
        }
    }

    private async Task ReadAsync(CancellationToken aborted)
    {
        var buffer = new byte[MaxClientFrameBytes];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (length == buffer.Length)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"client frames are at most {MaxClientFrameBytes} bytes");
                    return;
                }
                received = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
                length += received.Count;
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            await HandleAsync(received.MessageType == WebSocketMessageType.Text ? buffer.AsMemory(0, length) : null);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte>? text)
    {
        ClientFrame? frame = null;
        try
        {
            frame = text is { } json ? JsonSerializer.Deserialize(json.Span, LiveJsonContext.Default.ClientFrame) : null;
        }
        catch (JsonException)
        {
        }
        if (frame is not { Op: "subscribe" or "unsubscribe", Channel: { Length: > 0 } channel })
        {
            Enqueue(hub.ErrorFrame(frame?.Channel, "bad_frame", """a client frame is {"op":"subscribe"|"unsubscribe","channel":"feed"|"account:<userId>"} as JSON text"""));
            return;
        }
        if (frame.Op == "subscribe")
        {
            await hub.SubscribeAsync(this, channel, frame.Token);
        }
        else
        {
            await hub.UnsubscribeAsync(this, channel);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var frame in outbox.Reader.ReadAllAsync())
            {
                if (Volatile.Read(ref slow) == 1)
                {
                    break;
                }
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            if (Volatile.Read(ref slow) == 1)
            {
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, $"too slow: more than {queueLength} frames behind");
            }
            else if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone; the reader ends too.
        }
    }

    /// <summary>Sends the close frame, and aborts the socket if the client does not let it through in time.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        using var grace = new CancellationTokenSource(CloseGrace);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, grace.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A /ws client fell more than {Queue} frames behind and is closed")]
    private static partial void LogSlow(ILogger logger, int queue);
}
