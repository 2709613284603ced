using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>Every page of the app at a phone's and a desktop's width: axe-core finds no serious or critical
/// violation (contrast, names, labels, landmarks), none shows an error, no script fails, nothing is loaded from or sent
/// to another site (no CDN, no web font), and a screenshot of each is kept under <c>Tests/artifacts</c>. Pages are
/// checked in the states a player sees: the manual sign-in form, a purchase, a pull's card, a found job, a player's
/// detail for operators.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(DryRunStack stack)
{
    [Theory]
    [InlineData(Viewport.Phone)]
    [InlineData(Viewport.Desktop)]
    public async Task Every_page_has_no_serious_accessibility_violation(Viewport viewport)
    {
        var found = new List<string>();
        var visitor = await WatchedPageAsync(viewport);
        await CheckAsync(visitor, "", viewport, found);
        await CheckAsync(visitor, "signin", viewport, found);
        await visitor.GetByText("Sign with another tool instead").ClickAsync();
        await Assertions.Expect(visitor.GetByLabel("Your did:key")).ToBeVisibleAsync();
        await CheckHereAsync(visitor, "signin-manual", viewport, found);
        await CheckAsync(visitor, "how", viewport, found);
        await CheckAsync(visitor, "pricing", viewport, found);
        await CheckAsync(visitor, "terms", viewport, found);
        await CheckAsync(visitor, "privacy", viewport, found);

        var admin = await WatchedPageAsync(viewport);
        await SignInWithKeyAsync(admin, Players.Admin);
        var (granted, _) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = await UserIdAsync(admin), tokens = 100, reason = "accessibility check" }, key: $"a11y-{viewport}");
        Assert.Equal(System.Net.HttpStatusCode.OK, granted);
        foreach (var route in new[] { "me", "clicker", "tokens" })
        {
            await CheckAsync(admin, route, viewport, found);
        }
        await admin.GetByLabel("Starter: 100 tokens for $0.99").CheckAsync();
        await Button(admin, "Pay (simulated)").ClickAsync();
        await Assertions.Expect(admin.Locator("#purchase-status")).ToBeVisibleAsync();
        await CheckHereAsync(admin, "purchase", viewport, found);

        await CheckAsync(admin, "vanikeys", viewport, found, async () =>
        {
            await admin.GetByLabel("Parts, in order").FillAsync("ab");
            await Assertions.Expect(admin.Locator("#odds table")).ToBeVisibleAsync();
        });
        await admin.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pull") }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "What you got" })).ToBeVisibleAsync();
        await CheckHereAsync(admin, "vanikeys-pull", viewport, found);
        await admin.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Start a guaranteed job") }).ClickAsync();
        await Assertions.Expect(admin.Locator("#job-status")).ToHaveTextAsync("Found", new() { Timeout = 30_000 });
        await Assertions.Expect(admin.Locator("#job-key button")).ToHaveCountAsync(2);
        await CheckHereAsync(admin, "vanikeys-job", viewport, found);

        foreach (var route in new[] { "operator", "operator/rounds", "operator/users", "operator/payouts", "operator/manual", "operator/audit", "operator/webhooks", "operator/regions" })
        {
            await CheckAsync(admin, route, viewport, found);
        }
        await CheckAsync(admin, "operator/users", viewport, found, async () =>
        {
            await admin.Locator("table").GetByRole(AriaRole.Button, new() { Name = "Open" }).First.ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Re-verify with Yunite" })).ToBeVisibleAsync();
        }, "operator-user");

        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    /// <summary>A page whose every request and socket goes to this site, and whose scripts never throw.</summary>
    private async Task<IPage> WatchedPageAsync(Viewport viewport)
    {
        var page = await stack.NewPageAsync(viewport);
        page.Request += (_, request) => Elsewhere(request.Url);
        page.WebSocket += (_, socket) => Elsewhere(socket.Url);
        page.PageError += (_, error) => Add($"a script failed: {error}");
        // What the page waits on, and what it was refused: said when a page never comes to the state a check needs.
        var traffic = traffics[page] = new Traffic();
        page.Request += (_, request) => traffic.Open[request] = DateTime.UtcNow;
        page.RequestFinished += (_, request) => traffic.Open.TryRemove(request, out DateTime _);
        page.RequestFailed += (_, request) => traffic.Open.TryRemove(request, out DateTime _);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                traffic.Refused.Enqueue($"{response.Request.Method} {response.Url} answered {response.Status} at {DateTime.UtcNow:HH:mm:ss.fff}");
            }
        };
        return page;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, Traffic> traffics = new();

    private sealed class Traffic
    {
        public System.Collections.Concurrent.ConcurrentDictionary<Microsoft.Playwright.IRequest, DateTime> Open { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Refused { get; } = new();
    }

    private readonly List<string> problems = [];

    private void Add(string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }

    private void Elsewhere(string address)
    {
        var url = new Uri(address);
        if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != stack.BaseAddress.Authority)
        {
            Add($"a request left the site: {address}");
        }
    }

    /// <summary>Opens a route afresh, brings it to the state to check, and checks it.</summary>
    private async Task CheckAsync(IPage page, string route, Viewport viewport, List<string> found, Func<Task>? arrange = null, string? name = null)
    {
        await OpenAsync(page, route);
        if (arrange is not null)
        {
            try
            {
                await arrange();
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                var now = DateTime.UtcNow;
                var traffic = traffics.GetValueOrDefault(page) ?? new Traffic();
                var shot = Artifacts.Screenshot($"{name ?? route.Replace('/', '-')}-{viewport.ToString().ToLowerInvariant()}-failed");
                string shown;
                try
                {
                    await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
                    shown = await page.EvaluateAsync<string>("() => document.body.innerText");
                }
                catch (PlaywrightException unseen)
                {
                    (shot, shown) = ("none", $"(the page could not be read: {unseen.Message})");
                }
                throw new TimeoutException(
                    $"/#/{route} ({viewport}) never came to the state to check: {e.Message}\n" +
                    $"The page showed: {shown}\n" +
                    $"Requests still open: {string.Join("; ", traffic.Open.Select(r => $"{r.Key.Method} {r.Key.Url} for {(now - r.Value).TotalSeconds:0.0} s"))}\n" +
                    $"Refused: {string.Join("; ", traffic.Refused)}\nScreenshot: {shot}", e);
            }
        }
        await CheckHereAsync(page, name ?? (route.Length == 0 ? "home" : route.Replace('/', '-')), viewport, found);
    }

    /// <summary>The page as it is now: drawn without an error notice, axe-core's serious and critical findings, a
    /// screenshot, and what the page did that it should not have.</summary>
    private async Task CheckHereAsync(IPage page, string name, Viewport viewport, List<string> found)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        if (await page.Locator(".notice.error").CountAsync() > 0)
        {
            found.Add($"{name} ({viewport}): an error is shown: {await page.Locator(".notice.error").First.TextContentAsync()}");
        }
        // What a player looks at is the page at rest: a reveal half-faded in is not its contrast.
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished))");
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot($"{name}-{viewport.ToString().ToLowerInvariant()}"), FullPage = true });
        var results = await page.RunAxe();
        found.AddRange(results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name} ({viewport}): {v.Id} ({v.Impact}) {v.Help}: {string.Join("; ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        lock (problems)
        {
            found.AddRange(problems.Select(p => $"{name} ({viewport}): {p}"));
            problems.Clear();
        }
    }
}
