using System.Net;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Vanity;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The player app in headless Chromium against the shipped configuration: a dry run, every integration
/// simulated.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlayerAppTests(DryRunStack stack)
{
    [Fact]
    public async Task The_home_page_is_branded_from_product_yaml_and_shows_the_dry_run_banner_the_boosts_and_where_to_donate()
    {
        var page = await stack.NewPageAsync();

        var response = await page.GotoAsync("/");
        await ReadyAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Earn BAN with {DryRunStack.AppName}");
        await Assertions.Expect(page).ToHaveTitleAsync($"Earn BAN with {DryRunStack.AppName} · {DryRunStack.AppName}");
        await Assertions.Expect(page.Locator("footer")).ToContainTextAsync("run by Monkey Works");
        await Assertions.Expect(page.Locator("#dry-run")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".hero")).ToContainTextAsync("2.1 BAN for every Fortnite kill");
        await Assertions.Expect(page.Locator("#next-settlement")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^in (\d[\d,]* min )?\d{1,2} s$"));
        await Assertions.Expect(page.Locator("#boosts")).ToContainTextAsync($"{DryRunStack.RunningBoost}: kills earn 2× until ");
        await Assertions.Expect(page.Locator("#boosts")).ToContainTextAsync("Next boost: Click frenzy, clicks earn 1.5× from ");
        await Assertions.Expect(page.Locator("#donation-address")).ToHaveTextAsync(DryRunStack.DonationAddress);
        await Assertions.Expect(page.Locator("#donations-week")).ToContainTextAsync("This week: 0 BAN donated. At 1,000 BAN kills and clicks earn 1.25× for the rest of the week.");
        Assert.True(await page.Locator("#donations img.qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR code of the donation address loads");
        Assert.StartsWith("default-src 'self'", response!.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_player_signs_in_with_a_key_and_links_a_wallet_after_a_bad_checksum_is_shown_and_refused()
    {
        var page = await stack.NewPageAsync();
        var wallet = Players.NewWallet();

        await SignInWithKeyAsync(page, Players.NewKey());
        await page.GetByLabel("Link a wallet").FillAsync(Players.WithBadChecksum(wallet));
        await Button(page, "Save wallet").ClickAsync();

        await Assertions.Expect(page.Locator("#wallet-error")).ToContainTextAsync("checksum");
        await Assertions.Expect(page.Locator("#wallet")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(JsonValueKind.Null, (await FetchAsync(page, "/api/v1/me/status")).GetProperty("wallet").ValueKind);

        await page.GetByLabel("Link a wallet").FillAsync(wallet);
        await Button(page, "Save wallet").ClickAsync();

        await Assertions.Expect(page.GetByText("Wallet linked")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#wallet-current")).ToHaveTextAsync(wallet);
        await Assertions.Expect(page.Locator("#wallet-error")).ToBeEmptyAsync();
        Assert.Equal(wallet, (await FetchAsync(page, "/api/v1/me/status")).GetProperty("wallet").GetString());
    }

    [Fact]
    public async Task A_new_Discord_player_solves_the_sign_up_puzzle_and_comes_back_to_my_faucet_with_the_epic_account_yunite_linked()
    {
        var page = await stack.NewPageAsync();
        await OpenAsync(page, "signin");

        // The simulated Discord is one demo player, new here (no other test signs in with Discord): Discord's first
        // answer sends them back to solve the proof of work, and the second signs them in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Discord" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/\\?signup=proof-of-work#/signin\\?returnTo=%23%2Fme$"));
        await Assertions.Expect(page.GetByText("Your Discord account is new here")).ToBeVisibleAsync();
        await Button(page, "Solve the puzzle and continue with Discord").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/#/me$"), new() { Timeout = SolveTimeout });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My faucet", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#epic")).ToContainTextAsync("Linked");
        await Assertions.Expect(Button(page, "Check again")).ToBeVisibleAsync();
        Assert.Contains((await FetchAsync(page, "/api/v1/auth/me")).GetProperty("identities").EnumerateArray(), i => i.GetString()!.StartsWith("discord:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_creates_an_account_with_email_signs_out_and_signs_back_in_with_the_password()
    {
        var page = await stack.NewPageAsync();
        var email = $"player-{Guid.NewGuid():N}@example.org";
        await OpenAsync(page, "signin");

        await Button(page, "New here? Create an account").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "E-mail", Exact = true }).FillAsync(email);
        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await page.GetByLabel("Display name (optional)").FillAsync("Peely");
        await Button(page, "Create account").ClickAsync();
        await Assertions.Expect(page.Locator("#account")).ToContainTextAsync("Peely");
        await Button(page, "Sign out").ClickAsync();
        await Assertions.Expect(page.Locator("#account").GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(401, await page.EvaluateAsync<int>("async () => (await fetch('/api/v1/auth/me')).status"));
        await OpenAsync(page, "signin");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "E-mail", Exact = true }).FillAsync(email);
        await page.GetByLabel("Password").FillAsync("not the password");
        await Button(page, "Sign in with e-mail").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong");
        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await Button(page, "Sign in with e-mail").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My faucet", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#account")).ToContainTextAsync("Peely");
    }

    [Fact]
    public async Task Each_click_on_the_coin_is_counted_and_a_click_while_one_is_pending_is_not_sent()
    {
        var page = await NewPlayerAsync(stack);
        await OpenAsync(page, "clicker");
        var coin = page.Locator("#coin");
        await ClickCoinAsync(page, 3);

        var sent = 0;
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/click", async route =>
        {
            Interlocked.Increment(ref sent);
            await release.Task;
            await route.ContinueAsync();
        });
        await coin.ClickAsync();
        await Assertions.Expect(coin).ToHaveAttributeAsync("aria-busy", "true");
        await coin.ClickAsync();
        await coin.ClickAsync();
        release.SetResult();

        await Assertions.Expect(page.Locator("#clicks-today")).ToHaveTextAsync("4");
        await Assertions.Expect(coin).Not.ToHaveAttributeAsync("aria-busy", "true");
        Assert.Equal(1, sent);
        await Assertions.Expect(page.Locator("#clicks-earned")).ToHaveTextAsync("0.004 BAN");
    }

    [Fact]
    public async Task The_coin_is_reached_with_tab_and_clicked_with_enter_and_space()
    {
        var page = await NewPlayerAsync(stack);
        await OpenAsync(page, "clicker");

        for (var tabs = 0; tabs < 40 && await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != "coin"; tabs++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#clicks-today")).ToHaveTextAsync("1");
        await page.Keyboard.PressAsync("Space");

        await Assertions.Expect(page.Locator("#clicks-today")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task Buying_a_package_with_the_simulated_card_completes_and_credits_its_tokens_once()
    {
        var page = await NewPlayerAsync(stack);
        await OpenAsync(page, "tokens");

        await page.GetByLabel("Starter: 100 tokens for $0.99").CheckAsync();
        await page.GetByLabel("Card", new() { Exact = true }).CheckAsync();
        await Button(page, "Pay (simulated)").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/purchase/[0-9a-f]+$"));
        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Completed", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("Paid: 100 tokens are in your balance.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to tokens" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token-balance")).ToHaveTextAsync("100");
        var ledger = await FetchAsync(page, "/api/v1/tokens/transactions");
        Assert.Equal(["purchase"], ledger.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task The_page_checkout_returns_to_shows_the_purchase_and_a_cancelled_one_says_nothing_was_charged()
    {
        var page = await NewPlayerAsync(stack);
        await OpenAsync(page, "tokens");
        await page.GetByLabel("PayPal").CheckAsync();
        await Button(page, "Pay (simulated)").ClickAsync();
        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Pending");
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Button(page, "Cancel").ClickAsync();
        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Cancelled");

        await page.GotoAsync("about:blank");
        await page.GotoAsync($"/?purchase={id}");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/#/purchase/{id}$"));
        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.GetByText("The purchase was cancelled. Nothing was charged.")).ToBeVisibleAsync();
        Assert.Equal(0, (await FetchAsync(page, "/api/v1/tokens")).GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task A_pull_shows_the_odds_first_and_downloads_a_jwk_whose_key_is_the_did_shown()
    {
        var page = await NewPlayerAsync(stack);
        await OpenAsync(page, "vanikeys");

        await page.GetByLabel("Parts, in order").FillAsync("0x");
        await Assertions.Expect(page.Locator("#pattern-error")).ToHaveTextAsync("“0x” has “0”, which a did:key never shows: it has no 0, O, I or l. Let look-alikes count to read 0 as o.");
        await Assertions.Expect(Button(page, "Pull (free, 3 left today)")).ToHaveCountAsync(0);
        await page.GetByLabel("Parts, in order").FillAsync("ab");
        await Assertions.Expect(page.Locator("#odds caption")).ToHaveTextAsync("Odds for “ab”");
        await Assertions.Expect(page.Locator("#pattern-error")).ToBeEmptyAsync();
        await Button(page, "Pull (free, 3 left today)").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What you got" })).ToBeVisibleAsync();
        var did = await page.Locator("#pulled-did").TextContentAsync();
        Assert.StartsWith("did:key:z6Mk", did, StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => Button(page, "Download JWK").ClickAsync());
        var jwk = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())).RootElement;
        var seed = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("d").GetString());

        Assert.Equal(did, KeyExports.FromSeed(seed).Did);
        await Assertions.Expect(page.Locator("#pull-score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-1]/1$"));
        await Assertions.Expect(Button(page, "Pull (free, 2 left today)")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li .mono").Filter(new() { HasText = did })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_guaranteed_job_shows_its_progress_and_a_cancel_refunds_the_unused_share()
    {
        const long Granted = 500_000;
        var page = await NewPlayerAsync(stack);
        var user = await UserIdAsync(page);
        var (granted, _) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = user, tokens = Granted, reason = "browser test" }, key: "grant-" + user);
        Assert.Equal(HttpStatusCode.OK, granted);
        await OpenAsync(page, "vanikeys");

        await page.GetByLabel("Ignore case").UncheckAsync();
        // Six case-sensitive characters: some 38 billion keys on average, so the job is still searching when cancelled.
        await page.GetByLabel("Parts, in order").FillAsync("zzzzzz");
        var start = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Start a guaranteed job \(\d[\d,]* tokens\)$") });
        var price = NumberIn(await start.TextContentAsync(), @"\(([\d,]+) tokens\)");
        await start.ClickAsync();
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("Running");
        await Assertions.Expect(page.Locator("label[for=job-progress]")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0 of"), new() { Timeout = 30_000 });
        await Button(page, "Cancel and refund the rest").ClickAsync();

        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("Cancelled");
        var refundText = await page.Locator("#job-refund").TextContentAsync() ?? "";
        var refunded = NumberIn(refundText, @"Cancelled: ([\d,]+) of");
        Assert.InRange(refunded, 1, price - 1);
        Assert.Equal(Granted - price + refunded, (await FetchAsync(page, "/api/v1/tokens")).GetProperty("tokens").GetInt64());
        await Assertions.Expect(page.GetByText("“zzzzzz”: cancelled")).ToBeVisibleAsync();
    }

    /// <summary>Stands in for the browser's notifications, as if the player had allowed them, and keeps what was shown.</summary>
    private const string AllowedNotifications = """
        window.shownNotifications = [];
        window.Notification = class {
            static permission = 'granted';
            static requestPermission() { return Promise.resolve('granted'); }
            constructor(title, options) { window.shownNotifications.push({ title, tag: options?.tag ?? null }); }
            close() {}
        };
        """;

    [Fact]
    public async Task A_job_found_while_the_player_is_on_another_page_shows_one_notice_and_one_notification_with_a_link_to_its_key()
    {
        var page = await NewPlayerAsync(stack);
        var user = await UserIdAsync(page);
        var (granted, _) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = user, tokens = 100, reason = "browser test" }, key: "grant-" + user);
        Assert.Equal(HttpStatusCode.OK, granted);
        await page.AddInitScriptAsync(AllowedNotifications);
        var clickHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var vanityFrames = 0;
        // Between the page and /ws: every frame passes, a click's counts show the page's account channel is live, and
        // the vanity frame is passed twice, as a feed renewed after a reconnect could deliver it.
        await page.RouteWebSocketAsync("**/ws", socket =>
        {
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Text is not { } text)
                {
                    socket.Send(frame.Binary!);
                    return;
                }
                socket.Send(text);
                if (text.Contains("\"type\":\"click\"", StringComparison.Ordinal))
                {
                    clickHeard.TrySetResult();
                }
                if (text.Contains("\"type\":\"vanity\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref vanityFrames);
                    socket.Send(text);
                }
            });
        });
        await OpenAsync(page, "clicker");
        await ClickCoinAsync(page, 1);
        await clickHeard.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Started from this session without leaving the clicker, as from another tab; two letters are found at once.
        var jobId = await page.EvaluateAsync<string>("""
            async () => (await (await fetch('/api/v1/vanity/jobs', {
                method: 'POST', credentials: 'same-origin',
                headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'found-elsewhere' },
                body: JSON.stringify({ parts: ['ab'], caseInsensitive: true }),
            })).json()).jobId
            """);
        var notice = page.Locator("#announcements .announcement");
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(notice).ToContainTextAsync("Your key for “ab” is found.");
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("vanity-found-notice-desktop") });
        var axe = await page.RunAxe();
        await Assertions.Expect(Button(page, "Dismiss: key for “ab” found")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tokens", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("body[data-route='tokens']")).ToHaveCountAsync(1);
        await Assertions.Expect(notice).ToHaveCountAsync(1);
        var notifications = await page.EvaluateAsync<JsonElement>("() => window.shownNotifications");
        await notice.GetByRole(AriaRole.Link, new() { Name = "Open the job and get the key" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/vanikeys/job/{jobId}$"));
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("Found");
        await Assertions.Expect(page.Locator("#job-key button")).ToHaveCountAsync(2);
        await Assertions.Expect(notice).ToHaveCountAsync(0);
        Assert.Equal(1, Volatile.Read(ref vanityFrames));
        var shown = Assert.Single(notifications.EnumerateArray());
        Assert.Equal($"vanity-{jobId}", shown.GetProperty("tag").GetString());
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }
}
