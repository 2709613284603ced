using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Faucet.Api.Hosting;

/// <summary>
/// Declares, for the OpenAPI document, the problems an endpoint can answer whatever its handler does: 401 where a
/// policy asks for a signed-in caller and 403 where it asks for a role a signed-in player may lack (the operator
/// policies; every player token carries the player role), 429 from the per-address limit on <c>/api</c> and
/// <c>/auth</c> (<see cref="ClientRateLimits"/>), and 503 from <see cref="ClusterUnavailableHandler"/> when the cluster
/// or the database is away, unless the endpoint is <see cref="ServedWithoutCluster"/>.
/// </summary>
public static class ProblemAnswers
{
    public static TBuilder WithProblemAnswers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: the endpoints' own conventions (their policies, their markers) are in place by then.
        builder.Finally(endpoint =>
        {
            var policies = endpoint.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Count > 0)
            {
                Declare(endpoint, StatusCodes.Status401Unauthorized);
            }
            if (policies.Any(p => p is OperatorAuthentication.Policy or OperatorAuthentication.ReadPolicy))
            {
                Declare(endpoint, StatusCodes.Status403Forbidden);
            }
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route }
                && (route.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || route.StartsWith("/auth/", StringComparison.OrdinalIgnoreCase)))
            {
                Declare(endpoint, StatusCodes.Status429TooManyRequests);
            }
            if (!endpoint.Metadata.OfType<WithoutCluster>().Any())
            {
                Declare(endpoint, StatusCodes.Status503ServiceUnavailable);
            }
        });
        return builder;
    }

    /// <summary>The endpoint answers from this process alone (its configuration, its sockets): it cannot meet a cluster
    /// or a database that is away.</summary>
    public static RouteHandlerBuilder ServedWithoutCluster(this RouteHandlerBuilder builder) => builder.WithMetadata(new WithoutCluster());

    private static void Declare(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }

    private sealed class WithoutCluster;
}
