using Faucet.Webhooks;

namespace Faucet.Tests.Webhooks;

/// <summary>Standard Webhooks signing against the specification's own example.</summary>
public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_of_the_specifications_example_is_the_one_it_gives()
    {
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("hook-secret-42", false)]
    [InlineData("whsec_c2hvcnQ=", false)]
    public void A_secret_is_base64_of_24_to_64_bytes_with_or_without_its_prefix(string secret, bool usable) =>
        Assert.Equal(usable, WebhookSignature.KeyOf(secret) is not null);
}
