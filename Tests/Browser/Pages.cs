using Microsoft.Playwright;

namespace Faucet.Tests.Browser;

/// <summary>What the browser tests do on any page.</summary>
internal static class Pages
{
    /// <summary>Waits until the app has loaded its configuration and session and drawn the page it was opened on.</summary>
    public static Task ReadyAsync(IPage page) => Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    /// <summary>The browser tests take turns: each stack runs a silo, an Api and a Chromium of its own.</summary>
    public const string Name = "Browser";
}
