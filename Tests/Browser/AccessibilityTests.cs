using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>Every page of the app at a phone's and a desktop's width: axe-core finds no serious or critical
/// violation (contrast, names, labels, landmarks), no script fails, nothing is loaded from another site (no CDN, no web
/// font), and a screenshot of each is kept under <c>Tests/artifacts</c>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(DryRunStack stack) : IClassFixture<DryRunStack>
{
    private static readonly string[] SignedOut = ["", "signin", "how", "pricing"];

    private static readonly string[] SignedIn = ["me", "clicker", "vanikeys", "tokens", "operator", "operator/rounds", "operator/users", "operator/payouts", "operator/audit", "operator/webhooks", "operator/regions"];

    [Theory]
    [InlineData(Viewport.Phone)]
    [InlineData(Viewport.Desktop)]
    public async Task Every_page_has_no_serious_accessibility_violation(Viewport viewport)
    {
        var found = new List<string>();
        var elsewhere = new List<string>();
        var errors = new List<string>();
        var visitor = await stack.NewPageAsync(viewport);
        visitor.Context.Request += (_, request) => Remember(request, elsewhere);
        visitor.PageError += (_, error) => errors.Add(error);
        foreach (var route in SignedOut)
        {
            found.AddRange(await CheckAsync(visitor, route, viewport));
        }
        var admin = await stack.NewPageAsync(viewport);
        admin.Context.Request += (_, request) => Remember(request, elsewhere);
        admin.PageError += (_, error) => errors.Add(error);
        await SignInWithKeyAsync(admin, Players.Admin);
        foreach (var route in SignedIn)
        {
            found.AddRange(await CheckAsync(admin, route, viewport));
        }

        Assert.True(found.Count == 0, string.Join('\n', found));
        Assert.Empty(elsewhere);
        Assert.Empty(errors);
    }

    private void Remember(Microsoft.Playwright.IRequest request, List<string> elsewhere)
    {
        var url = new Uri(request.Url);
        if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != stack.BaseAddress.Authority)
        {
            lock (elsewhere)
            {
                elsewhere.Add(request.Url);
            }
        }
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string route, Viewport viewport)
    {
        await OpenAsync(page, route);
        if (route == "vanikeys")
        {
            await page.GetByLabel("Parts, in order").FillAsync("ban");
            await Assertions.Expect(page.Locator("#odds table")).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        var name = route.Length == 0 ? "home" : route.Replace('/', '-');
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot($"{name}-{viewport.ToString().ToLowerInvariant()}"), FullPage = true });
        var results = await page.RunAxe();
        return results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name} ({viewport}): {v.Id} ({v.Impact}) {v.Help}: {string.Join("; ", v.Nodes.Select(n => n.Target?.ToString()))}");
    }
}
