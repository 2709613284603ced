using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Faucet.Api.Json;

/// <summary>
/// Declares, for the OpenAPI document, the body an endpoint reads with <see cref="JsonBody"/> and the ways
/// <see cref="JsonBody"/> refuses one (not JSON or not fitting, too large, not sent as JSON). The framework sees only
/// bodies it binds itself, and the Api reads its own to say plainly what is wrong with them. The declaration is for the
/// document alone: routing's own check of the content type (which <c>Accepts</c> would switch on) would answer a body
/// of another type before the endpoint could say what it expects.
/// </summary>
public static class JsonBodyMetadata
{
    /// <param name="optional">The body may be left out (the endpoint then takes what it needs from elsewhere, such as a cookie).</param>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder, bool optional = false) where TRequest : notnull =>
        builder.WithMetadata(new JsonRequestBody(typeof(TRequest), optional))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Writes each declared body into its operation.</summary>
    public static OpenApiOptions DescribeJsonBodies(this OpenApiOptions options) => options.AddOperationTransformer(async (operation, context, cancellationToken) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonRequestBody>().FirstOrDefault() is not { } body)
        {
            return;
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = !body.Optional,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken) },
            },
        };
    });

    private sealed record JsonRequestBody(Type Type, bool Optional);
}
