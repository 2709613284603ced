namespace Faucet.Configuration;

/// <summary>An operator's endpoint that receives signed event deliveries (Standard Webhooks).</summary>
public sealed class WebhookTargetOptions : IValidatedOptions
{
    /// <summary>Masked when printed: chat services' webhook URLs carry their token in the path.</summary>
    [Secret]
    public string Url { get; set; } = "";

    [Secret]
    public string Secret { get; set; } = "";

    public List<string> Events { get; set; } = [];

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.HttpUrl("url", Url),
        OptionChecks.Required("secret", Secret, when: true, "(deliveries are signed with it)"),
        Secret.Length > 0 && Faucet.Webhooks.WebhookSignature.KeyOf(Secret) is null ? ("secret", "must be base64 of 24 to 64 bytes, optionally after whsec_ (as Standard Webhooks receivers read it)") : null,
        Events.Count == 0 || Events.Any(e => !Faucet.Webhooks.WebhookEvents.All.Contains(e))
            ? ("events", $"lists one or more of {string.Join(", ", Faucet.Webhooks.WebhookEvents.All)}")
            : null);
}
