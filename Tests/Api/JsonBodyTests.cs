using System.Text;
using System.Text.Json;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Features.Vanity;
using Faucet.Api.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Faucet.Tests.Api;

/// <summary>What a client hears about a body that does not fit the request: the field, as the JSON path it sent, and
/// what the field should be, in the API's words, never a .NET type name.</summary>
public sealed class JsonBodyTests
{
    private static readonly JsonBody Reader = new(Options.Create(new JsonOptions()));

    private static async Task<(int? Status, string? Detail)> ReadAsync<T>(string body) where T : class
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var (_, problem) = await Reader.ReadAsync<T>(context.Request, CancellationToken.None);
        return (problem?.ProblemDetails.Status, problem?.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData("""{"parts":"ban"}""", "parts must be a list of texts")]
    [InlineData("""{"parts":["ban",7]}""", "parts[1] must be text")]
    [InlineData("""{"parts":["ban"],"caseInsensitive":"yes"}""", "caseInsensitive must be true or false")]
    [InlineData("""["ban"]""", "The body must be a JSON object")]
    [InlineData("""{"parts":""", "not valid JSON")]
    public async Task A_field_of_the_wrong_kind_is_named_with_what_it_should_be_in_plain_words(string body, string says)
    {
        var (status, detail) = await ReadAsync<VanityEndpoints.PatternBody>(body);

        Assert.Equal(400, status);
        Assert.Contains(says, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Faucet.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "The body must be a JSON object")]
    [InlineData("\"ana@example.org\"", "The body must be a JSON object")]
    [InlineData("""{"email":["ana@example.org"],"password":"long enough password"}""", "email must be text")]
    public async Task A_registration_that_does_not_bind_names_no_dotnet_type(string body, string says)
    {
        var (status, detail) = await ReadAsync<AuthEndpoints.RegisterBody>(body);

        Assert.Equal(400, status);
        Assert.Contains(says, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterBody", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_fits_is_read()
    {
        var (status, _) = await ReadAsync<VanityEndpoints.PatternBody>("""{"parts":["ban"],"fuzzy":true}""");

        Assert.Null(status);
    }
}
