using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Faucet.Telemetry;

/// <summary>
/// One JSON object per log line: <c>timestamp</c>, <c>level</c>, <c>category</c>, <c>event</c>, <c>message</c>,
/// <c>trace_id</c> and <c>span_id</c> of the current activity, the message's named values under <c>state</c>, the
/// scopes' under <c>scope</c>, and <c>exception</c>. Every string goes through the <see cref="LogRedactor"/> first. Entries
/// caused by a database outage go through the <see cref="OutageLogThrottle"/>: a repeat is written with <c>left_out</c>
/// (how many like it were not written) and its exception in one line.
/// </summary>
public sealed class JsonLogFormatter(LogRedactor redactor, OutageLogThrottle? outages = null) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "faucet-json";

    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        long? leftOut = null;
        if (outages is not null && logEntry.Exception is { } cause && Faucet.Persistence.DatabaseOutage.IsCause(cause))
        {
            if (!outages.TryAdmit(logEntry.Category, logEntry.EventId, out var first, out var skipped))
            {
                return;
            }
            leftOut = first ? null : skipped;
        }
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0 || logEntry.EventId.Name is not null)
            {
                json.WriteString("event", logEntry.EventId.Name ?? logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
            }
            json.WriteString("message", redactor.Redact(message ?? ""));
            if (Activity.Current is { } activity)
            {
                json.WriteString("trace_id", activity.TraceId.ToHexString());
                json.WriteString("span_id", activity.SpanId.ToHexString());
            }
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key != OriginalFormat))
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in values)
                {
                    if (key != OriginalFormat)
                    {
                        WriteValue(json, key, value);
                    }
                }
                json.WriteEndObject();
            }
            WriteScopes(json, scopeProvider);
            if (leftOut is { } count)
            {
                json.WriteNumber("left_out", count);
                json.WriteString("exception", redactor.Redact(OneLine(logEntry.Exception!)));
            }
            else if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", redactor.Redact(exception.ToString()));
            }
            json.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    /// <summary>The exception and its innermost cause, each as its type and the first line of its message.</summary>
    private static string OneLine(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }
        var outer = $"{exception.GetType().FullName}: {FirstLine(exception.Message)}";
        return innermost == exception ? outer : $"{outer} ---> {innermost.GetType().FullName}: {FirstLine(innermost.Message)}";

        static string FirstLine(string text) => text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? text[..end] : text;
    }

    private void WriteScopes(Utf8JsonWriter json, IExternalScopeProvider? scopeProvider)
    {
        if (scopeProvider is null)
        {
            return;
        }
        var values = new List<KeyValuePair<string, object?>>();
        scopeProvider.ForEachScope((scope, list) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                // The activity's ids are already the line's trace_id and span_id.
                list.AddRange(pairs.Where(p => p.Key is not (OriginalFormat or "TraceId" or "SpanId" or "ParentId")));
            }
            else if (scope is not null)
            {
                list.Add(new("value", scope));
            }
        }, values);
        if (values.Count == 0)
        {
            return;
        }
        json.WriteStartObject("scope");
        foreach (var (key, value) in values)
        {
            WriteValue(json, key, value);
        }
        json.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ushort:
                json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, redactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                break;
        }
    }
}
