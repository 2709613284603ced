using System.Text.Json;
using System.Text.RegularExpressions;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>Every page at a phone's and a desktop's width, given the longest things a player types or is given (a
/// 64-character address with a bad checksum, a pattern as long as a did:key can show, a new did:key): the page never
/// becomes wider than the screen, nothing on it is in developer notation, and every BAN amount on it comes from the
/// app's one formatter (which puts the exact amount in its title).</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PlainPagesTests(DryRunStack stack)
{
    [Theory]
    [InlineData(Viewport.Phone)]
    [InlineData(Viewport.Desktop)]
    public async Task No_page_is_wider_than_the_screen_or_speaks_in_developer_notation_with_the_longest_inputs(Viewport viewport)
    {
        var found = new List<string>();
        var visitor = await stack.NewPageAsync(viewport);
        foreach (var route in new[] { "", "how", "pricing", "terms", "privacy", "signin" })
        {
            await OpenAsync(visitor, route);
            await LookAsync(visitor, route.Length == 0 ? "home" : route, found);
        }
        await visitor.RunAndWaitForDownloadAsync(() => Button(visitor, "Create a new key").ClickAsync());
        await Assertions.Expect(visitor.GetByText("A new key was made in this browser")).ToBeVisibleAsync();
        await LookAsync(visitor, "signin with a new key", found);
        await visitor.GetByText("Sign with another tool instead").ClickAsync();
        await visitor.GetByLabel("Your did:key").FillAsync(Players.NewKey().Did);
        await Button(visitor, "Get the message to sign").ClickAsync();
        await Assertions.Expect(visitor.GetByLabel("Signature of the message above (base64 or hex)")).ToBeVisibleAsync();
        await LookAsync(visitor, "signin with the message to sign", found);

        var player = await stack.NewPageAsync(viewport);
        await SignInWithKeyAsync(player, Players.NewKey());
        var (granted, _) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = await UserIdAsync(player), tokens = 100, reason = "plain pages check" }, key: $"plain-{viewport}");
        Assert.Equal(System.Net.HttpStatusCode.OK, granted);
        var badAddress = Players.WithBadChecksum(Players.NewWallet());
        Assert.Equal(64, badAddress.Length);
        await player.GetByLabel("Link a wallet").FillAsync(badAddress);
        await Button(player, "Save wallet").ClickAsync();
        await Assertions.Expect(player.Locator("#wallet-error")).Not.ToBeEmptyAsync();
        await LookAsync(player, "me with a bad address", found);
        var wallet = Players.NewWallet();
        await player.GetByLabel("Link a wallet").FillAsync(wallet);
        await Button(player, "Save wallet").ClickAsync();
        await Assertions.Expect(player.Locator("#wallet-current")).ToHaveTextAsync(wallet);
        // A manual payout waiting for a second admin, of an amount with all 29 decimals: it shows on the operator's
        // overview, manual payouts and audit log.
        var (asked, _) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/payouts", FaucetProcessArgs.OperatorToken,
            new { userId = await UserIdAsync(player), amountBan = "250.00000000000000000000000000001", reason = "plain pages check" }, key: $"plain-payout-{viewport}");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, asked);

        await OpenAsync(player, "clicker");
        await ClickCoinAsync(player, 1);
        await LookAsync(player, "clicker", found);
        await OpenAsync(player, "tokens");
        await LookAsync(player, "tokens", found);
        await Button(player, "Pay (simulated)").ClickAsync();
        await Assertions.Expect(player.Locator("#purchase-status")).ToBeVisibleAsync();
        await LookAsync(player, "purchase", found);

        await OpenAsync(player, "vanikeys");
        var parts = player.GetByLabel("Parts, in order");
        await parts.FillAsync("l0l");
        await Assertions.Expect(player.Locator("#pattern-error")).Not.ToBeEmptyAsync();
        await LookAsync(player, "vanikeys with a letter no did:key has", found);
        // As many letters as a did:key shapes, in one part: the odds are astronomic and no job takes it.
        await parts.FillAsync(new string('z', 43));
        await Assertions.Expect(player.Locator("#odds table")).ToBeVisibleAsync();
        await LookAsync(player, "vanikeys with the longest pattern", found);
        await parts.FillAsync("ab");
        await Assertions.Expect(player.Locator("#odds caption")).ToHaveTextAsync("Odds for “ab”");
        await player.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pull") }).ClickAsync();
        await Assertions.Expect(player.GetByRole(AriaRole.Heading, new() { Name = "What you got" })).ToBeVisibleAsync();
        await LookAsync(player, "vanikeys with a pull", found);
        // A job measures how fast the faucet searches: the longest pattern's times are then counted in years.
        await player.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Start a guaranteed job") }).ClickAsync();
        await Assertions.Expect(player.Locator("#job-status")).ToHaveTextAsync("Found", new() { Timeout = 30_000 });
        await LookAsync(player, "vanikeys with a found job", found);
        await parts.FillAsync(new string('z', 43));
        await Assertions.Expect(player.Locator("#odds caption")).ToHaveTextAsync($"Odds for “{new string('z', 43)}”");
        await LookAsync(player, "vanikeys with the longest pattern after a job", found);

        var admin = await stack.NewPageAsync(viewport);
        await SignInWithKeyAsync(admin, Players.Admin);
        foreach (var route in new[] { "operator", "operator/rounds", "operator/users", "operator/payouts", "operator/manual", "operator/audit", "operator/webhooks", "operator/regions" })
        {
            await OpenAsync(admin, route);
            await LookAsync(admin, route, found);
        }
        await OpenAsync(admin, "operator/users");
        await admin.Locator("table").GetByRole(AriaRole.Button, new() { Name = "Open" }).First.ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Re-verify with Yunite" })).ToBeVisibleAsync();
        await LookAsync(admin, "operator/users with a player open", found);

        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    /// <summary>What a person sees of the page now: its width against the screen's, and its visible text.</summary>
    private const string Look = """
        () => {
          const loose = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (/\d\s*BAN\b/.test(node.textContent) && !node.parentElement.closest('.amount[title]') && node.parentElement.offsetParent !== null) {
              loose.push(node.textContent.trim());
            }
          }
          return {
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            text: document.body.innerText,
            loose,
          };
        }
        """;

    private static async Task LookAsync(IPage page, string name, List<string> found)
    {
        var width = page.ViewportSize!.Width;
        var seen = await page.EvaluateAsync<JsonElement>(Look);
        var scrollWidth = seen.GetProperty("scrollWidth").GetInt32();
        if (scrollWidth > Math.Min(width, seen.GetProperty("clientWidth").GetInt32()))
        {
            found.Add($"{name} ({width} px): the page is {scrollWidth} px wide");
        }
        var text = seen.GetProperty("text").GetString() ?? "";
        foreach (Match match in DeveloperNotation().Matches(text))
        {
            found.Add($"{name} ({width} px): \"{match.Value}\" in \"{LineAround(text, match.Index)}\"");
        }
        found.AddRange(seen.GetProperty("loose").EnumerateArray().Select(t => $"{name} ({width} px): an amount not from the formatter: \"{t.GetString()}\""));
    }

    private static string LineAround(string text, int at)
    {
        var start = text.LastIndexOf('\n', at) + 1;
        var end = text.IndexOf('\n', at);
        return text[start..(end < 0 ? text.Length : end)];
    }

    /// <summary>Words meant for developers: an element printed as text ("[object …]"), a request's field path, e-notation,
    /// minor units, a raw status or JSON object, a number of 20 or more digits, ASP.NET's placeholder for an undescribed
    /// failure.</summary>
    [GeneratedRegex("""\[object |parts\[|\d[eE][+-]\d|minor units|dry_run|\{"|\d[.,]\d{20,}|(\d[,.\u00a0\u202f]?){20,}|An error occurred while processing""")]
    private static partial Regex DeveloperNotation();
}
