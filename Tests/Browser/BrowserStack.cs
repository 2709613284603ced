using Faucet.Tests.Api;
using Faucet.Tests.Cluster;
using Faucet.Tests.Configuration;
using Faucet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Faucet.Tests.Browser;

/// <summary>
/// A silo and the Api serving the player app from <c>Api/wwwroot</c>, on a private PostgreSQL, and Debian's
/// Chromium driven by Playwright. The admin list names <see cref="Players.Admin"/>'s key, so the operator pages
/// can be opened by signing in with it.
/// </summary>
public abstract class BrowserStack : IAsyncLifetime
{
    /// <summary>The Chromium the repository's test command installs; Playwright's own download is never used.</summary>
    private const string Chromium = "/usr/bin/chromium";

    private PostgresServer? postgres;
    private SiloProcess? silo;
    private IPlaywright? playwright;

    protected ConfigFiles Config { get; } = new();

    public ApiProcess Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public Uri BaseAddress => Api.Http.BaseAddress!;

    /// <summary>Settings for the silo and the Api on top of the test defaults.</summary>
    protected abstract string[] Settings { get; }

    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Config.SetLine("integrations.yaml", "admins", $"admins: [{Players.Admin.Did}]");
        // Several test classes sign the one admin in at once and walk every page faster than a person clicks: together
        // they passed the admin's 120 requests a minute, and a page met the 429 in place of what it was waiting for (the
        // accessibility walk's VaniKeys form, an operator's ban). The limit has a test of its own.
        Config.SetLine("integrations.yaml", "per_user_per_minute", "per_user_per_minute: 100000");
        await BeforeStartAsync();
        postgres = await PostgresServer.StartAsync();
        Database = await postgres.CreateDatabaseAsync();
        // The Api's address is fixed before it starts: Discord's redirect and Checkout's return name it.
        var publicUrl = "http://127.0.0.1:" + FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Every new player of the browser tests solves the sign-up proof of work in the page, through the widget; at the
        // shipped difficulty that is about a second each on a quiet machine (./faucet bench signup measures it), so here
        // it is a hundredth of that.
        string[] settings = ["--Faucet:ConfigDirectory=" + Config.Directory, "--FAUCET_PUBLIC_URL=" + publicUrl, "--FAUCET_SIGNUP_PROOF_OF_WORK=1000", .. Settings];
        silo = await SiloProcess.StartAsync(Database, settings);
        Api = await ApiProcess.StartAsync(Database, [.. settings, "--urls=" + publicUrl, "--contentRoot=" + RepositoryRoot.Combine("Api")]);
        await ApiCalls.ReadyAsync(Api.Http, TimeSpan.FromSeconds(60));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Without these Chromium keeps dialling Google's hosts, which this network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser profile (no cookies) at a phone's or a desktop's size, whose languages are
    /// <paramref name="locale"/>'s (<c>navigator.languages</c> and <c>Accept-Language</c>), en-US unless given.</summary>
    public async Task<IPage> NewPageAsync(Viewport viewport = Viewport.Desktop, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            BaseURL = BaseAddress.ToString(),
            ViewportSize = viewport == Viewport.Phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 860 },
            IsMobile = viewport == Viewport.Phone,
            HasTouch = viewport == Viewport.Phone,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return page;
    }

    /// <summary>Stops what started, also when start-up failed partway (so its error is the one reported).</summary>
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
        if (silo is not null)
        {
            await silo.DisposeAsync();
        }
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
        await DisposeMoreAsync();
        Config.Dispose();
    }

    protected virtual Task DisposeMoreAsync() => Task.CompletedTask;
}
