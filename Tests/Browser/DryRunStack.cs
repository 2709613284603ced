namespace Faucet.Tests.Browser;

/// <summary>The shipped configuration: a dry run (not the demo) with every integration simulated, under a brand of its
/// own (so a page that shows it read it from <c>product.yaml</c>), with pulls and job slices kept short.</summary>
public sealed class DryRunStack : BrowserStack
{
    public const string AppName = "Banana Bonanza";

    protected override Task BeforeStartAsync()
    {
        Config.SetLine("product.yaml", "app_name", $"app_name: {AppName}");
        Config.SetLine("product.yaml", "org_name", "org_name: Monkey Works");
        Config.SetLine("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 20000");
        Config.SetLine("product.yaml", "job_slice_seconds", "job_slice_seconds: 1");
        // Each step of a simulated payment takes this long: time enough to see a purchase pending and cancel it.
        Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 4000");
        return Task.CompletedTask;
    }

    protected override string[] Settings => [];
}
