namespace Faucet.Tests.Browser;

/// <summary>The stack as <c>./faucet up</c> runs it: the demo, every integration simulated and rounds paying through
/// the simulated node.</summary>
public sealed class DemoStack : BrowserStack
{
    protected override string[] Settings => ["--FAUCET_DEMO=true"];
}
