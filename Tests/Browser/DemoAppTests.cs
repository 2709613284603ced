using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The app on the demo: payouts really happen, through the simulated node, and every one is labelled so.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoAppTests(DemoStack stack)
{
    [Fact]
    public async Task A_demo_payout_shows_in_the_feed_and_in_my_payouts_labelled_simulated_and_linked_to_no_explorer()
    {
        var page = await stack.NewPageAsync();
        await SignInWithKeyAsync(page, Players.Admin);
        await page.GetByLabel("Link a wallet").FillAsync(Players.NewWallet());
        await Button(page, "Save wallet").ClickAsync();
        await Assertions.Expect(page.GetByText("Wallet linked")).ToBeVisibleAsync();
        var other = await page.Context.NewPageAsync();
        await OpenAsync(other, "clicker");
        await ClickCoinAsync(other, 3);
        await Assertions.Expect(page.Locator("#pending")).ToHaveTextAsync("0.003 BAN", new() { Timeout = 30_000 });

        await OpenAsync(page, "");
        await OpenAsync(other, "operator");
        await Button(other, "Run a round now").ClickAsync();

        await Assertions.Expect(page.Locator("#demo")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#demo")).ToContainTextAsync("payouts are simulated");
        await Assertions.Expect(page.Locator("#dry-run")).ToBeHiddenAsync();
        var item = page.Locator("#feed li");
        await Assertions.Expect(item).ToContainTextAsync("0.003 BAN", new() { Timeout = 30_000 });
        await Assertions.Expect(item).ToContainTextAsync("simulated");
        await Assertions.Expect(item.Locator("a")).ToHaveCountAsync(0);
        await OpenAsync(page, "me");
        await Assertions.Expect(page.Locator("#paid")).ToHaveTextAsync("0.003 BAN");
        var row = page.Locator("table tbody tr").Filter(new() { HasText = "sent" });
        await Assertions.Expect(row).ToContainTextAsync("simulated");
        await Assertions.Expect(row.Locator("a")).ToHaveCountAsync(0);
    }
}
