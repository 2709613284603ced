using System.Diagnostics;
using System.Text.Json;
using Faucet.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faucet.Tests.Telemetry;

public sealed class JsonLogFormatterTests
{
    private const string Secret = "vanity-master-key-0123456789";

    private static JsonElement Format(string message, IReadOnlyList<KeyValuePair<string, object?>> state, Exception? exception = null)
    {
        var formatter = new JsonLogFormatter(new LogRedactor([Secret]));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Warning, "Faucet.Test", new EventId(7, "Something"), state, exception, (_, _) => message),
            null, writer);
        var text = writer.ToString();
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public void A_line_is_one_json_object_with_the_trace_and_span_of_the_current_activity()
    {
        using var source = new ActivitySource("Faucet.Tests.Logs");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("work")!;

        var line = Format("Round 3 paid 2 players", [new("Round", 3), new("Players", 2L), new("Fast", true), new("{OriginalFormat}", "Round {Round} paid {Players} players")]);

        Assert.Equal("Warning", line.GetProperty("level").GetString());
        Assert.Equal("Faucet.Test", line.GetProperty("category").GetString());
        Assert.Equal("Something", line.GetProperty("event").GetString());
        Assert.Equal("Round 3 paid 2 players", line.GetProperty("message").GetString());
        Assert.Equal(activity.TraceId.ToHexString(), line.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), line.GetProperty("span_id").GetString());
        Assert.Equal(3, line.GetProperty("state").GetProperty("Round").GetInt32());
        Assert.True(line.GetProperty("state").GetProperty("Fast").GetBoolean());
        Assert.False(line.GetProperty("state").TryGetProperty("{OriginalFormat}", out _));
        Assert.True(line.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public void Secrets_are_masked_in_the_message_the_values_and_the_exception()
    {
        var line = Format($"key is {Secret}", [new("Key", Secret), new("Header", "Bearer abc123def")],
            new InvalidOperationException($"failed with {Secret}"));

        Assert.DoesNotContain(Secret, line.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("abc123def", line.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("key is ***", line.GetProperty("message").GetString());
        Assert.Equal("***", line.GetProperty("state").GetProperty("Key").GetString());
        Assert.StartsWith("System.InvalidOperationException: failed with ***", line.GetProperty("exception").GetString(), StringComparison.Ordinal);
        Assert.False(line.TryGetProperty("trace_id", out _));
    }

    [Fact]
    public void An_entry_with_no_message_and_no_exception_writes_nothing()
    {
        var formatter = new JsonLogFormatter(new LogRedactor([]));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Information, "c", default, "", null, (_, _) => ""), new LoggerExternalScopeProvider(), writer);
        Assert.Equal("", writer.ToString());
    }
}
