namespace Faucet.Tests.Browser;

/// <summary>The browser tests take turns and share their three stacks (a silo, an Api and a Chromium each): every test
/// signs in players of its own, and no test changes what another one reads.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<DryRunStack>, ICollectionFixture<PayingStack>, ICollectionFixture<DemoStack>
{
    public const string Name = "Browser";
}
