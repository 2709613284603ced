namespace Faucet.Tests.Browser;

/// <summary>The shipped configuration: a dry run (not the demo) with every integration simulated, under a brand of its
/// own (so a page that shows it read it from <c>product.yaml</c>), with pulls and job slices kept short.</summary>
public sealed class DryRunStack : BrowserStack
{
    public const string AppName = "Banana Bonanza";

    public const string RunningBoost = "Banana rush";

    public static readonly string DonationAddress =
        Faucet.Money.BananoAddress.FromPublicKey(System.Security.Cryptography.SHA256.HashData("donations"u8)).Value;

    private static string Minute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    protected override Task BeforeStartAsync()
    {
        Config.SetLine("product.yaml", "app_name", $"app_name: {AppName}");
        Config.SetLine("product.yaml", "org_name", "org_name: Monkey Works");
        Config.SetLine("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 20000");
        Config.SetLine("product.yaml", "job_slice_seconds", "job_slice_seconds: 1");
        // Each step of a simulated payment takes this long: time enough to see a purchase pending and cancel it.
        Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 4000");
        // A boost running (of kills, which nothing here counts in BAN) and one to come; a donation address with a milestone.
        var now = DateTimeOffset.UtcNow;
        Config.SetLine("payout.yaml", "boosts",
            $"boosts: [{{name: {RunningBoost}, start: {Minute(now.AddDays(-1))}, end: {Minute(now.AddDays(2))}, multiplier: 2, applies_to: kills}}, " +
            $"{{name: Click frenzy, start: {Minute(now.AddDays(3))}, end: {Minute(now.AddDays(4))}, multiplier: 1.5, applies_to: clicks}}]");
        Config.SetLine("payout.yaml", "donation_milestones", "donation_milestones: [{ban: 1000, multiplier: 1.25}]");
        Config.SetLine("integrations.yaml", "donation_address", $"donation_address: {DonationAddress}");
        return Task.CompletedTask;
    }

    protected override string[] Settings => [];
}
