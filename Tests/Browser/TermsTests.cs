using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The terms and the age gate in the player app: a new player is asked on My faucet and before buying, accepts
/// with two labelled boxes, and can then buy; the texts are pages of the app, linked from every footer, drawn from the
/// operator's Markdown as text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TermsTests(DryRunStack stack)
{
    private static async Task AssertNoSeriousViolationAsync(IPage page, string state)
    {
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished))");
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{state}: {v.Id} {v.Help}: {string.Join("; ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.Empty(serious);
    }

    [Fact]
    public async Task A_new_player_is_asked_for_their_age_and_the_terms_accepts_them_and_can_buy()
    {
        var page = await stack.NewPageAsync();
        await SignInWithKeyAsync(page, Players.NewKey(), acceptTerms: false);

        // Signing up lands on My faucet, which asks.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Terms and age" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(page, "me with the terms");
        await OpenAsync(page, "tokens");
        await Assertions.Expect(Button(page, "Pay (simulated)")).ToHaveCountAsync(0);
        await AssertNoSeriousViolationAsync(page, "tokens with the terms");
        Assert.True((await FetchAsync(page, "/api/v1/me/status")).GetProperty("terms").GetProperty("needed").GetBoolean());

        await page.GetByLabel("I am at least 18 years old").CheckAsync();
        await page.GetByLabel("I accept the terms of service and the privacy policy").CheckAsync();
        await Button(page, "Accept").ClickAsync();
        await page.GetByLabel("Starter: 100 tokens for $0.99").CheckAsync();
        await page.GetByLabel("Card", new() { Exact = true }).CheckAsync();
        await Button(page, "Pay (simulated)").ClickAsync();

        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Completed", new() { Timeout = 20_000 });
        var terms = (await FetchAsync(page, "/api/v1/me/status")).GetProperty("terms");
        Assert.Equal((false, "2026-12-07", true), (terms.GetProperty("needed").GetBoolean(), terms.GetProperty("acceptedVersion").GetString(),
            terms.GetProperty("ageConfirmed").GetBoolean()));
        await OpenAsync(page, "me");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Terms and age" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_footer_links_the_terms_and_privacy_pages_which_show_the_operators_markdown()
    {
        var page = await stack.NewPageAsync();
        await OpenAsync(page, "");

        await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Terms of service" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Terms of service", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Version 2026-12-07.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who may play", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".legal blockquote strong").First).ToContainTextAsync("placeholder terms");
        await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Privacy policy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Privacy policy", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".legal code").First).ToHaveTextAsync("legal.version");
        Assert.Equal(0, await page.Locator(".legal script, .legal [onerror], .legal iframe").CountAsync());
    }

    [Fact]
    public async Task Html_and_script_links_in_an_operators_markdown_stay_text()
    {
        var page = await stack.NewPageAsync();
        await OpenAsync(page, "terms");

        var drawn = await page.EvaluateAsync<string[]>("""
            async () => {
              const { markdown } = await import('/js/markdown.js');
              const box = document.createElement('div');
              box.append(...markdown('# T\n\n<img src=x onerror="window.hit=1"> **b** [bad](javascript:window.hit=2) [ok](https://example.org/t) [here](#/privacy)'));
              return [String(box.querySelectorAll('img, script, [onerror]').length), [...box.querySelectorAll('a')].map(a => a.getAttribute('href')).join(' '),
                box.querySelector('p').textContent, String(window.hit ?? '')];
            }
            """);

        Assert.Equal("0", drawn[0]);
        Assert.Equal("https://example.org/t #/privacy", drawn[1]);
        Assert.StartsWith("<img src=x onerror=\"window.hit=1\"> b bad ok here", drawn[2], StringComparison.Ordinal);
        Assert.Equal("", drawn[3]);
    }
}
