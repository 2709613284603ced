using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The app on a faucet that pays (<c>dry_run: false</c>, the live node adapter against the fake node): what a
/// player earns reaches their page live, and a round an admin runs from the operator page shows up in the feed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PayoutFeedTests(PayingStack stack) : IClassFixture<PayingStack>
{
    [Fact]
    public async Task A_payout_appears_in_the_home_feed_after_an_admin_runs_a_round_from_the_operator_page()
    {
        var wallet = Players.NewWallet();
        var player = await stack.NewPageAsync();
        await SignInWithKeyAsync(player, Players.Admin);
        await player.GetByLabel("Link a wallet").FillAsync(wallet);
        await Button(player, "Save wallet").ClickAsync();
        await Assertions.Expect(player.GetByText("Wallet linked")).ToBeVisibleAsync();
        await OpenAsync(player, "clicker");
        for (var n = 1; n <= 3; n++)
        {
            await player.Locator("#coin").ClickAsync();
            await Assertions.Expect(player.Locator("#clicks-today")).ToHaveTextAsync(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await OpenAsync(player, "me");
        // The clicks reach the pending balance a few seconds later, pushed to the page over /ws.
        await Assertions.Expect(player.Locator("#pending")).ToHaveTextAsync("0.003 BAN", new() { Timeout = 30_000 });

        var watcher = await stack.NewPageAsync(Viewport.Phone);
        await OpenAsync(watcher, "");
        await Assertions.Expect(watcher.Locator("#feed li")).ToHaveCountAsync(0);
        await OpenAsync(player, "operator");
        await Button(player, "Run a round now").ClickAsync();
        await Assertions.Expect(player.Locator("#last-round")).ToContainTextAsync("done", new() { Timeout = 30_000 });

        var item = watcher.Locator("#feed li");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(item).ToContainTextAsync("0.003 BAN");
        var send = Assert.Single(stack.Node.Sends.Values);
        Assert.Equal(wallet, send.Destination);
        await Assertions.Expect(item.Locator("a")).ToHaveAttributeAsync("href", $"https://creeper.banano.cc/hash/{send.Block}");
        // The BAN board follows the payout on its own stream a moment later, and pushes its new top to the page.
        await Assertions.Expect(watcher.Locator("section[aria-labelledby=board-ban] tbody tr")).ToContainTextAsync("0.003 BAN", new() { Timeout = 30_000 });
        await watcher.ScreenshotAsync(new() { Path = Artifacts.Screenshot("home-with-payout-phone"), FullPage = true });
        await OpenAsync(player, "operator/rounds");
        await Assertions.Expect(player.Locator("table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(player.Locator("table tbody tr")).ToContainTextAsync("1, 0.003 BAN");
        await OpenAsync(player, "me");
        await Assertions.Expect(player.Locator("#paid")).ToHaveTextAsync("0.003 BAN");
        await Assertions.Expect(player.Locator("table").Filter(new() { HasText = "sent" })).ToContainTextAsync(send.Block[..8]);
    }
}
