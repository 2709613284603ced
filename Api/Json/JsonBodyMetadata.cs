namespace Faucet.Api.Json;

/// <summary>
/// Declares, for the OpenAPI document, the body an endpoint reads with <see cref="JsonBody"/> and the ways
/// <see cref="JsonBody"/> refuses one (not JSON or not fitting, too large, not sent as JSON). The framework sees only
/// bodies it binds itself, and the Api reads its own to say plainly what is wrong with them.
/// </summary>
public static class JsonBodyMetadata
{
    /// <param name="optional">The body may be left out (the endpoint then takes what it needs from elsewhere, such as a cookie).</param>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder, bool optional = false) where TRequest : notnull =>
        builder.Accepts<TRequest>(optional, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
