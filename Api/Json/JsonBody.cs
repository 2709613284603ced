using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Faucet.Api.Json;

/// <summary>Reads a request's JSON body, and says plainly what was wrong with one that cannot be read.</summary>
public sealed class JsonBody(IOptions<JsonOptions> json)
{
    public const int MaxBytes = 16 * 1024;

    public async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected",
                detail: "Send the body as JSON, with Content-Type: application/json."));
        }
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }
        // A body without a length (chunked) is held to the same limit as it is read.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, json.Value.SerializerOptions, cancellationToken);
            return value is null
                ? (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON", detail: "The body is JSON null; an object was expected."))
                : (value, null);
        }
        catch (JsonException e)
        {
            // The reader's message names the line and position; it holds no stack trace.
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON", detail: e.Message));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (BadHttpRequestException e)
        {
            return (null, TypedResults.Problem(statusCode: e.StatusCode, title: "Unreadable body", detail: "The request body could not be read to its end."));
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        detail: $"The body may be at most {MaxBytes} bytes.");
}
