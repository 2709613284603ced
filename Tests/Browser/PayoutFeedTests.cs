using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The app on a faucet that pays (<c>dry_run: false</c>, the live node adapter against the fake node): what a
/// player earns reaches their open page live, and a round an admin runs from the operator page shows up in the feed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PayoutFeedTests(PayingStack stack)
{
    [Fact]
    public async Task A_payout_appears_once_in_the_payees_home_feed_after_an_admin_runs_a_round_from_the_operator_page()
    {
        var wallet = Players.NewWallet();
        var page = await stack.NewPageAsync(Viewport.Phone);
        await SignInWithKeyAsync(page, Players.Admin);
        await page.GetByLabel("Link a wallet").FillAsync(wallet);
        await Button(page, "Save wallet").ClickAsync();
        await Assertions.Expect(page.GetByText("Wallet linked")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#pending")).ToHaveTextAsync("0 BAN");
        // A second tab of the same browser clicks; the first, left open, hears of the accrual over /ws.
        var other = await page.Context.NewPageAsync();
        await OpenAsync(other, "clicker");
        await ClickCoinAsync(other, 3);

        await Assertions.Expect(page.Locator("#pending")).ToHaveTextAsync("0.003 BAN", new() { Timeout = 30_000 });

        await OpenAsync(page, "");
        await Assertions.Expect(page.Locator("#feed li")).ToHaveCountAsync(0);
        await OpenAsync(other, "operator");
        await Button(other, "Run a round now").ClickAsync();
        await Assertions.Expect(other.Locator("#last-round")).ToContainTextAsync("Done", new() { Timeout = 30_000 });

        var item = page.Locator("#feed li");
        await Assertions.Expect(item).ToContainTextAsync("0.003 BAN", new() { Timeout = 30_000 });
        // The BAN board follows the payout on its own stream a moment later and pushes its new top to the page; by then
        // the payout has come on the payee's own channel too, and is still shown once.
        await Assertions.Expect(page.Locator("section[aria-labelledby=board-ban] tbody tr")).ToContainTextAsync("0.003 BAN", new() { Timeout = 30_000 });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        var send = Assert.Single(stack.Node.Sends.Values);
        Assert.Equal(wallet, send.Destination);
        await Assertions.Expect(item.Locator("a")).ToHaveAttributeAsync("href", $"https://creeper.banano.cc/hash/{send.Block}");
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("home-with-payout-phone"), FullPage = true });

        await OpenAsync(other, "operator/rounds");
        await Assertions.Expect(other.Locator("table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(other.Locator("table tbody tr")).ToContainTextAsync("1 payout, 0.003 BAN");
        await OpenAsync(page, "me");
        await Assertions.Expect(page.Locator("#paid")).ToHaveTextAsync("0.003 BAN");
        await Assertions.Expect(page.Locator("table").Filter(new() { HasText = "sent" })).ToContainTextAsync(send.Block[..8]);
    }
}
