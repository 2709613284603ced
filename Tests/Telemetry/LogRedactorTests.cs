using Faucet.Telemetry;

namespace Faucet.Tests.Telemetry;

public sealed class LogRedactorTests
{
    private static readonly LogRedactor Redactor = new(["operator-token-0123456789", "whsec_c2VjcmV0LXNpZ25pbmcta2V5", "short", null, "  "]);

    [Fact]
    public void Each_configured_secret_is_masked_wherever_it_appears()
    {
        Assert.Equal("calling with *** and again ***; hook ***", Redactor.Redact("calling with operator-token-0123456789 and again operator-token-0123456789; hook whsec_c2VjcmV0LXNpZ25pbmcta2V5"));
    }

    [Theory]
    [InlineData("Authorization: Bearer abc.DEF-123_x=", "Authorization: Bearer ***")]
    [InlineData("sent Bearer mF_9.B5f-4.1JqM with the request", "sent Bearer *** with the request")]
    [InlineData("basic abcDEF123==", "basic ***")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl in a message", "token *** in a message")]
    [InlineData("Host=db;Username=faucet;Password=s3cr3t!;Database=faucet", "Host=db;Username=faucet;Password=***;Database=faucet")]
    [InlineData("{\"refreshToken\":\"r-abc123\",\"user\":\"u1\"}", "{\"refreshToken\":\"***\",\"user\":\"u1\"}")]
    [InlineData("GET /x?api_key=k123&page=2", "GET /x?api_key=***&page=2")]
    [InlineData("{\"password\": \"correct horse \\\"battery\\\" staple\", \"email\":\"a@b.c\"}", "{\"password\": \"***\", \"email\":\"a@b.c\"}")]
    [InlineData("node at https://user:pa55@node.example/rpc", "node at https://***@node.example/rpc")]
    public void What_has_the_shape_of_a_credential_is_masked(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text));
    }

    [Theory]
    [InlineData("Settlement round 7 done: 24 payouts, 0.12 BAN")]
    [InlineData("a short word stays")]
    [InlineData("tokens: 40 left; 3 token packages")]
    [InlineData("Request finished HTTP/1.1 POST /api/v1/click - 200")]
    public void Ordinary_text_and_short_values_stay_as_they_are(string text)
    {
        Assert.Equal(text, Redactor.Redact(text));
    }
}
