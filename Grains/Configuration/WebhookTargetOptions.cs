namespace Faucet.Configuration;

/// <summary>An operator's endpoint that receives signed event deliveries (Standard Webhooks).</summary>
public sealed class WebhookTargetOptions : IValidatedOptions
{
    public string Url { get; set; } = "";

    [Secret]
    public string Secret { get; set; } = "";

    public List<string> Events { get; set; } = [];

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!OptionChecks.IsHttpUrl(Url))
        {
            yield return ("url", $"'{OptionChecks.MaskUrl(Url)}' is not an http(s) URL");
        }
        if (Secret.Length == 0)
        {
            yield return ("secret", "is required: deliveries are signed with it");
        }
    }
}
