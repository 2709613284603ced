using System.Text.Json;
using Faucet.Vanity;
using Microsoft.Playwright;

namespace Faucet.Tests.Browser;

/// <summary>What the browser tests do on any page.</summary>
internal static class Pages
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Waits until the app has loaded its configuration and session and drawn the page it was opened on.</summary>
    /// <summary>How long a page may take to sign a new player up: the proof of work is a second or two on a quiet
    /// machine, and the browser tests share two cores with the faucet they drive.</summary>
    public static readonly float SolveTimeout = 30_000;

    public static Task ReadyAsync(IPage page) => Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);

    /// <summary>Loads the app afresh on a route, as a player opening a link does, and waits until that page is drawn.</summary>
    public static async Task OpenAsync(IPage page, string route)
    {
        // A URL that differs only in its fragment would not load the page again, so leave the app first.
        await page.GotoAsync("about:blank");
        await page.GotoAsync("/#/" + route);
        await ReadyAsync(page);
        var section = route.Split('/', '?')[0];
        await Assertions.Expect(page.Locator($"body[data-route='{(section.Length == 0 ? "home" : section == "purchase" ? "tokens" : section)}']")).ToHaveCountAsync(1);
    }

    /// <summary>Signs in on the sign-in page with a key's JWK, as a player pastes it; the page signs the challenge. Unless
    /// <paramref name="acceptTerms"/> is false, the player then accepts the terms as a new player is asked to (the terms
    /// tests show the asking), so that tests about something else may buy and pull. A new key's browser solves the
    /// sign-up proof of work on the way, as a player's does.</summary>
    public static async Task SignInWithKeyAsync(IPage page, ExportedKey key, bool acceptTerms = true)
    {
        await OpenAsync(page, "signin");
        await page.GetByLabel("Ed25519 private key").FillAsync(JsonSerializer.Serialize(key.Jwk, Web));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with this key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My faucet", Level = 1 })).ToBeVisibleAsync(new() { Timeout = SolveTimeout });
        if (acceptTerms)
        {
            await AcceptTermsAsync(page);
        }
    }

    /// <summary>Accepts the current terms from the page, with its cookies, confirming the minimum age.</summary>
    public static async Task AcceptTermsAsync(IPage page)
    {
        var status = await page.EvaluateAsync<int>("""
            async () => {
              const legal = (await (await fetch('/api/v1/config/product')).json()).legal;
              const answer = await fetch('/api/v1/me/terms', { method: 'POST', credentials: 'same-origin',
                headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ version: legal.version, ageConfirmed: true }) });
              return answer.status;
            }
            """);
        Assert.Equal(200, status);
    }

    /// <summary>A fresh browser profile signed in as a new player, with a key of its own, on My faucet.</summary>
    public static async Task<IPage> NewPlayerAsync(BrowserStack stack)
    {
        var page = await stack.NewPageAsync();
        await SignInWithKeyAsync(page, Players.NewKey());
        return page;
    }

    /// <summary>The whole number a page shows where the pattern's group stands, digits grouped with commas.</summary>
    public static long NumberIn(string? text, string pattern) => long.Parse(
        System.Text.RegularExpressions.Regex.Match(text ?? "", pattern).Groups[1].Value.Replace(",", "", StringComparison.Ordinal),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Calls the Api from the page, with its cookies, and gives back the JSON answer.</summary>
    public static async Task<JsonElement> FetchAsync(IPage page, string path) =>
        await page.EvaluateAsync<JsonElement>("async path => (await fetch(path, { credentials: 'same-origin' })).json()", path);

    public static async Task<string> UserIdAsync(IPage page) => (await FetchAsync(page, "/api/v1/auth/me")).GetProperty("userId").GetString()!;

    /// <summary>Clicks the coin of a player with no clicks today, each time once the answer to the click before is shown.</summary>
    public static async Task ClickCoinAsync(IPage page, int times)
    {
        for (var n = 1; n <= times; n++)
        {
            await page.Locator("#coin").ClickAsync();
            await Assertions.Expect(page.Locator("#clicks-today")).ToHaveTextAsync(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name });
}
