using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>A pull whose key shows every part of the pattern is a jackpot: confetti drawn by the page and a chime, as
/// the player's system and sound switch ask; a partial match is never celebrated.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JackpotTests(DryRunStack stack)
{
    /// <summary>Counts what the page adds of a celebration: confetti canvases and the tones Web Audio starts.</summary>
    private const string Spies = """
        window.__tones = 0;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.__tones++; return start.apply(this, args); };
        window.__confetti = 0;
        addEventListener('DOMContentLoaded', () => new MutationObserver(changes => changes.forEach(change => change.addedNodes.forEach(node => {
          if (node.matches?.('canvas.confetti')) window.__confetti++;
        }))).observe(document.body, { childList: true }));
        """;

    private static async Task<(int Confetti, int Tones)> CelebratedAsync(IPage page) =>
        (await page.EvaluateAsync<int>("() => window.__confetti"), await page.EvaluateAsync<int>("() => window.__tones"));

    private static async Task PullAsync(IPage page, string parts)
    {
        await page.GetByLabel("Parts, in order").FillAsync(parts);
        await Assertions.Expect(page.Locator("#odds caption")).ToHaveTextAsync($"Odds for “{parts}”");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pull") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What you got" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_full_match_is_celebrated_as_the_players_system_and_sound_switch_ask_and_a_partial_one_never_is(bool reducedMotion)
    {
        var page = await stack.NewPageAsync();
        if (reducedMotion)
        {
            await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        }
        await page.Context.AddInitScriptAsync(Spies);
        await SignInWithKeyAsync(page, Players.NewKey());
        await OpenAsync(page, "vanikeys");
        var sound = page.GetByLabel("Sound for a jackpot");

        // Sound starts on, unless the system asks for reduced motion.
        Assert.Equal(!reducedMotion, await sound.IsCheckedAsync());
        // Two characters in 44 are all but certain among a pull's candidates.
        await PullAsync(page, "ab");
        await Assertions.Expect(page.Locator("#jackpot")).ToHaveTextAsync("Jackpot! Every part of your pattern shows.");
        var full = await CelebratedAsync(page);
        // Eight are all but impossible: the best key shows part of them, or none.
        await PullAsync(page, "zzzzzzzz");
        await Assertions.Expect(page.Locator("#jackpot")).ToHaveCountAsync(0);
        var partial = await CelebratedAsync(page);

        Assert.Equal(reducedMotion ? (0, 0) : (1, 4), full);
        Assert.Equal(full, partial);
    }

    [Fact]
    public async Task The_sound_switch_is_remembered_and_a_jackpot_with_it_off_is_silent()
    {
        var page = await stack.NewPageAsync();
        await page.Context.AddInitScriptAsync(Spies);
        await SignInWithKeyAsync(page, Players.NewKey());
        await OpenAsync(page, "vanikeys");
        await page.GetByLabel("Sound for a jackpot").UncheckAsync();

        await page.ReloadAsync();
        await ReadyAsync(page);
        await Assertions.Expect(page.GetByLabel("Sound for a jackpot")).Not.ToBeCheckedAsync();
        await PullAsync(page, "ab");
        await Assertions.Expect(page.Locator("#jackpot")).ToBeVisibleAsync();

        Assert.Equal((1, 0), await CelebratedAsync(page));
    }
}
