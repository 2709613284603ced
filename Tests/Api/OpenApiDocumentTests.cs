using System.Text.Json;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Api;

/// <summary><c>/openapi/v1.json</c> is a document a client can be generated from: every body the Api reads, every
/// problem it can answer, and nothing an OpenAPI validator (deploy/openapi/validate, installed by ./faucet test) refuses.</summary>
public sealed class OpenApiDocumentTests(RunningFaucet faucet) : IClassFixture<RunningFaucet>
{
    /// <summary>The POSTs that take no body: what they act on is in the path, who acts is the caller.</summary>
    private static readonly Dictionary<string, string> WithoutBody = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/admin/settlement/run"] = "opens the next round; nothing to say about it",
        ["POST /api/v1/admin/donations/look"] = "looks at the one donation address; nothing to say about it",
        ["POST /api/v1/admin/payouts/{id}/retry"] = "the payout is in the path",
        ["POST /api/v1/admin/payouts/manual/{number}/approve"] = "the request is in the path",
        ["POST /api/v1/admin/payouts/manual/{number}/reject"] = "the request is in the path",
        ["POST /api/v1/admin/users/{id}/reverify"] = "the player is in the path",
        ["POST /api/v1/admin/webhooks/{id}/test"] = "the endpoint is in the path",
        ["POST /api/v1/me/reverify"] = "the player is the caller",
        ["POST /api/v1/vanity/pulls/{id}/keep"] = "the pull is in the path",
        ["PUT /api/v1/payment-methods/{id}/default"] = "the method is in the path",
    };

    /// <summary>How the Api's own body reader refuses a body: does not fit (400), too large (413), not JSON (415).</summary>
    private static readonly string[] BodyRefusals = ["400", "413", "415"];

    private static readonly string[] GrantFields = ["userId", "tokens", "reason"];

    private async Task<JsonElement> DocumentAsync()
    {
        using var document = JsonDocument.Parse(await faucet.Api.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        return document.RootElement.Clone();
    }

    private static IEnumerable<(string Name, JsonElement Operation)> ApiOperations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        where path.Name.StartsWith("/api/", StringComparison.Ordinal)
        from operation in path.Value.EnumerateObject()
        where operation.Name is "get" or "put" or "post" or "delete" or "patch"
        select ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value);

    private static JsonElement? JsonSchemaOfBody(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
        && content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var schema)
            ? schema
            : null;

    [Fact]
    public async Task Every_post_and_put_under_api_describes_its_json_body()
    {
        var document = await DocumentAsync();
        var writes = ApiOperations(document).Where(o => o.Name.StartsWith("POST ", StringComparison.Ordinal) || o.Name.StartsWith("PUT ", StringComparison.Ordinal)).ToList();

        var withoutSchema = writes.Where(o => !WithoutBody.ContainsKey(o.Name) && JsonSchemaOfBody(o.Operation) is null).Select(o => o.Name);
        var exemptButTakingOne = writes.Where(o => WithoutBody.ContainsKey(o.Name) && o.Operation.TryGetProperty("requestBody", out _)).Select(o => o.Name);

        Assert.Empty(withoutSchema);
        Assert.Empty(exemptButTakingOne);
        Assert.Subset(writes.Select(o => o.Name).ToHashSet(), WithoutBody.Keys.ToHashSet());
    }

    [Fact]
    public async Task A_body_keeps_the_json_names_clients_send()
    {
        var document = await DocumentAsync();
        var grant = ApiOperations(document).Single(o => o.Name == "POST /api/v1/admin/tokens/grant").Operation;
        var schema = JsonSchemaOfBody(grant)!.Value;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        Assert.Equal(GrantFields, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Every_operation_under_api_lists_the_problems_it_can_answer()
    {
        var document = await DocumentAsync();
        var operations = ApiOperations(document).ToList();

        var withoutProblem = operations.Where(o => !o.Operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('4'))).Select(o => o.Name);
        var bodyRefusalsMissing = operations.Where(o => JsonSchemaOfBody(o.Operation) is not null
            && !BodyRefusals.All(status => o.Operation.GetProperty("responses").TryGetProperty(status, out _))).Select(o => o.Name);

        Assert.NotEmpty(operations);
        Assert.Empty(withoutProblem);
        Assert.Empty(bodyRefusalsMissing);
    }

    [Fact]
    public async Task An_openapi_validator_accepts_the_document()
    {
        var file = Path.Combine(Path.GetTempPath(), $"faucet-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await faucet.Api.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var (exitCode, output) = await NodeValidator.RunAsync(RepositoryRoot.Combine("deploy", "openapi", "validate"), file);
        File.Delete(file);

        Assert.True(exitCode == 0, output);
        Assert.StartsWith("valid", output, StringComparison.Ordinal);
    }
}
