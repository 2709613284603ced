using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Faucet.Configuration;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>Each page in each language the app ships besides English: a browser that asks for the language gets it
/// (the page's <c>lang</c> says so), a language picked on a page is remembered, no English phrase of the app is left on
/// a page (in its text or in what it says to assistive technology), and axe-core finds no serious or critical
/// violation. Text marked as another language (the operator's own Markdown) is the operator's, not the app's.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LanguageTests(DryRunStack stack)
{
    [Theory]
    [InlineData("es", "es-MX")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("de", "de-DE")]
    [InlineData("fr", "fr-FR")]
    public async Task Every_page_speaks_the_browsers_language_with_no_english_left_and_no_accessibility_violation(string language, string browserLocale)
    {
        var found = new List<string>();
        var phrases = EnglishPhrasesNotIn(language);
        var page = await stack.NewPageAsync(Viewport.Desktop, browserLocale);
        foreach (var route in new[] { "", "how", "pricing", "terms", "privacy", "signin" })
        {
            await OpenAsync(page, route);
            await CheckAsync(page, route.Length == 0 ? "home" : route, language, phrases, found);
        }

        // Signing in is done in English, picked on the page; the language picked back is remembered from then on.
        await page.SelectOptionAsync("#language-choice", AppLanguages.English);
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", AppLanguages.English);
        await SignInWithKeyAsync(page, Players.Admin);
        await page.SelectOptionAsync("#language-choice", language);
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        var (granted, _) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = await UserIdAsync(page), tokens = 100, reason = "language check" }, key: $"language-{language}");
        Assert.Equal(System.Net.HttpStatusCode.OK, granted);

        await OpenAsync(page, "me");
        // A problem a player meets is told in the page's words: a wallet with a mistyped character.
        await page.Locator("#wallet").FillAsync(Players.WithBadChecksum(Players.NewWallet()));
        await page.Locator("#wallet").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#wallet-error")).Not.ToBeEmptyAsync();
        Assert.Equal(Words(language)["problem.wallet.checksum"], await page.Locator("#wallet-error").TextContentAsync());
        await CheckAsync(page, "me", language, phrases, found);
        foreach (var route in new[] { "clicker", "tokens" })
        {
            await OpenAsync(page, route);
            await CheckAsync(page, route, language, phrases, found);
        }
        await OpenAsync(page, "vanikeys");
        await page.Locator("#pattern").FillAsync("ab");
        await Assertions.Expect(page.Locator("#odds table")).ToBeVisibleAsync();
        await CheckAsync(page, "vanikeys", language, phrases, found);
        foreach (var route in new[] { "operator", "operator/users", "operator/payouts", "operator/audit" })
        {
            await OpenAsync(page, route);
            await CheckAsync(page, route.Replace('/', '-'), language, phrases, found);
        }

        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    [Fact]
    public async Task The_first_of_the_browsers_languages_that_is_offered_is_spoken_even_when_only_its_base_is()
    {
        var page = await stack.NewPageAsync(Viewport.Desktop, "de-CH");
        // Swiss German first, then English: German is offered as de, and comes before the English the list also names.
        await page.AddInitScriptAsync("Object.defineProperty(navigator, 'languages', { get: () => ['de-CH', 'en-US', 'en'] })");

        await OpenAsync(page, "");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(page.Locator("nav.main")).ToContainTextAsync(Words("de")["app.nav.pricing"]);
        await Assertions.Expect(page.Locator("#language-choice")).ToHaveValueAsync("de");
    }

    /// <summary>The page in its language, with none of the app's English phrases, nothing read as English, no error
    /// shown, and no serious or critical axe finding; a screenshot is kept.</summary>
    private static async Task CheckAsync(IPage page, string name, string language, IReadOnlyList<string> phrases, List<string> found)
    {
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        if (await page.Locator(".notice.error").CountAsync() > 0)
        {
            found.Add($"{name} ({language}): an error is shown: {await page.Locator(".notice.error").First.TextContentAsync()}");
        }
        var texts = await page.EvaluateAsync<string[]>(TextsOfThePagesLanguage);
        foreach (var text in texts)
        {
            foreach (var phrase in phrases.Where(p => text.Contains(p, StringComparison.Ordinal)))
            {
                found.Add($"{name} ({language}): English \"{phrase}\" in \"{text}\"");
            }
            var english = EnglishWord().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
            if (english.Count >= 2)
            {
                found.Add($"{name} ({language}): reads as English ({string.Join(", ", english)}): \"{text}\"");
            }
        }
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished))");
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot($"{name}-{language}"), FullPage = true });
        var results = await page.RunAxe();
        found.AddRange(results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name} ({language}): {v.Id} ({v.Impact}) {v.Help}: {string.Join("; ", v.Nodes.Select(n => n.Target?.ToString()))}"));
    }

    // Every text node and every text for assistive technology (labels, titles, alternatives, placeholders) in the page's
    // language: what is inside an element marked as another language, code, or a table's data cell is not the app's words.
    private const string TextsOfThePagesLanguage = """
        () => {
          const lang = document.documentElement.lang;
          const ours = el => el && (el.closest('[lang]')?.lang ?? lang) === lang && !el.closest('script, style, code, .mono, td');
          const texts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (ours(node.parentElement) && node.textContent.trim()) texts.push(node.textContent.trim());
          }
          for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
            if (!ours(el)) continue;
            for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
              const value = el.getAttribute(name);
              if (value?.trim()) texts.push(value.trim());
            }
          }
          // The window's title follows the page's heading, which may be the operator's own (a Markdown text's).
          if (ours(document.querySelector('main h1'))) texts.push(document.title);
          return texts;
        }
        """;

    private static IReadOnlyDictionary<string, string> Words(string code) => AppLanguages.ShippedWords[code];

    /// <summary>The pieces of English between a text's placeholders, two words or longer, of every text the language
    /// words differently, less those the language's own texts use too (a brand, a name).</summary>
    private static List<string> EnglishPhrasesNotIn(string language)
    {
        var english = Words(AppLanguages.English);
        var words = Words(language);
        var theirs = string.Join('\n', words.Values);
        return english.Where(e => words[e.Key] != e.Value)
            .SelectMany(e => Placeholder().Split(e.Value))
            .Select(piece => piece.Trim(' ', '.', ',', ':', ';', '(', ')', '“', '”', '?', '!', '·', '—'))
            .Where(piece => TwoWords().IsMatch(piece) && !theirs.Contains(piece, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z]{2,}\W+[A-Za-z]{2,}")]
    private static partial Regex TwoWords();

    // Words that only English has among these languages: two of them in one text is an English sentence left behind.
    [GeneratedRegex(@"\b(the|and|your|you|with|this|that|are|will|from|have|which|when|what|been|there|they|would|should|here)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWord();
}
