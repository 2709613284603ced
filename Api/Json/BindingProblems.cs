using System.Collections;
using System.Text.Json;
using Faucet.Money;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Json;

/// <summary>
/// Turns a JSON body that does not fit its request record into a problem a client can act on: which field (as the
/// JSON path the client sent, <c>amountBan</c>, <c>parts[2]</c>) and what it should be, in the API's words. The
/// serializer's own message names .NET types (<c>IReadOnlyList`1[System.String]</c>), which tell a client nothing.
/// </summary>
public static class BindingProblems
{
    public static ProblemHttpResult NotJson(JsonException e) => Invalid(
        $"The body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");

    public static ProblemHttpResult DoesNotFit(JsonException e, Type body, JsonSerializerOptions options)
    {
        var path = e.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "";
        if (path.Length == 0)
        {
            return Invalid("The body must be a JSON object.");
        }
        if (UnknownField(body, path, options) is { } known)
        {
            return Invalid($"{path} is not a field of this body, which takes {known}.");
        }
        var expected = KindOf(TypeAt(body, path, options));
        var reason = e is JsonValueException ? $": {e.Message}" : "";
        return Invalid($"{path} must be {expected}{reason}.");
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON", detail: detail);

    /// <summary>For a body that refuses fields it does not know (<c>JsonUnmappedMemberHandling.Disallow</c>): the fields it
    /// takes, when <paramref name="path"/> is a top-level name that is none of them; null otherwise.</summary>
    private static string? UnknownField(Type body, string path, JsonSerializerOptions options)
    {
        if (path.Contains('.', StringComparison.Ordinal) || path.Contains('[', StringComparison.Ordinal))
        {
            return null;
        }
        var properties = options.GetTypeInfo(body).Properties;
        return properties.Any(p => string.Equals(p.Name, path, StringComparison.OrdinalIgnoreCase))
            ? null
            : string.Join(", ", properties.Select(p => p.Name));
    }

    /// <summary>The .NET type behind a JSON path such as <c>parts[2]</c> or <c>until</c>; null when it cannot be told.</summary>
    private static Type? TypeAt(Type root, string path, JsonSerializerOptions options)
    {
        Type? type = root;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (name.Length > 0)
            {
                type = type is null ? null : options.GetTypeInfo(type).Properties
                    .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }
            for (var i = bracket; i >= 0 && type is not null; i = segment.IndexOf('[', i + 1))
            {
                type = ElementOf(type);
            }
        }
        return type;
    }

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0]
        : null;

    // Enums travel in snake_case (the Api's JsonStringEnumConverter).
    private static string KindOf(Type? type)
    {
        if (type is null)
        {
            return "another kind of value";
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "text (a JSON string)";
        }
        if (type == typeof(BanAmount))
        {
            return "an amount of BAN as a decimal string, such as \"2.1\"";
        }
        if (type == typeof(BananoAddress))
        {
            return "a Banano address (ban_…) as a string";
        }
        if (type == typeof(bool))
        {
            return "true or false";
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time as a string, such as \"2026-01-31T12:00:00Z\"";
        }
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(byte))
        {
            return "a whole number";
        }
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }
        if (type != typeof(string) && ElementOf(type) is { } element)
        {
            return element == typeof(string) ? "a list of texts, such as [\"a\", \"b\"]" : "a list";
        }
        return "an object";
    }
}
