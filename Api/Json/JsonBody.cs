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
        JsonDocument document;
        try
        {
            // Read first, then bound: a body that is not JSON and one whose fields are of the wrong kind are told apart.
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, BindingProblems.NotJson(e));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (BadHttpRequestException e)
        {
            return (null, TypedResults.Problem(statusCode: e.StatusCode, title: "Unreadable body", detail: "The request body could not be read to its end."));
        }
        using (document)
        {
            try
            {
                var value = document.Deserialize<T>(json.Value.SerializerOptions);
                return value is null
                    ? (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON", detail: "The body is JSON null; an object was expected."))
                    : (value, null);
            }
            catch (JsonException e)
            {
                return (null, BindingProblems.DoesNotFit(e, typeof(T), json.Value.SerializerOptions));
            }
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        detail: $"The body may be at most {MaxBytes} bytes.");
}
