using Microsoft.Playwright;

namespace Faucet.Tests.Browser;

/// <summary>The player app in headless Chromium against the stack <c>./faucet up</c> runs: a dry run, every
/// integration simulated.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlayerAppTests(DryRunStack stack) : IClassFixture<DryRunStack>
{
    [Fact]
    public async Task The_home_page_says_what_the_faucet_pays_and_shows_the_dry_run_banner()
    {
        var page = await stack.NewPageAsync();

        await page.GotoAsync("/");
        await Pages.ReadyAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Earn BAN with Faucet");
        await Assertions.Expect(page.Locator("#dry-run")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".hero")).ToContainTextAsync("2.1 BAN for every Fortnite kill");
    }
}
