using Faucet.Tests.Api;
using Faucet.Tests.Cluster;
using Faucet.Tests.Configuration;
using Faucet.Tests.Fakes;
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
        await BeforeStartAsync();
        postgres = await PostgresServer.StartAsync();
        Database = await postgres.CreateDatabaseAsync();
        // The Api's address is fixed before it starts: Discord's redirect and Checkout's return name it.
        var publicUrl = "http://127.0.0.1:" + FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] settings = ["--Faucet:ConfigDirectory=" + Config.Directory, "--FAUCET_PUBLIC_URL=" + publicUrl, .. Settings];
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

    /// <summary>A fresh browser profile (no cookies) at a phone's or a desktop's size.</summary>
    public async Task<IPage> NewPageAsync(Viewport viewport = Viewport.Desktop)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
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

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        await Api.DisposeAsync();
        await silo!.DisposeAsync();
        await postgres!.DisposeAsync();
        await DisposeMoreAsync();
        Config.Dispose();
    }

    protected virtual Task DisposeMoreAsync() => Task.CompletedTask;
}

public enum Viewport
{
    Phone,
    Desktop,
}

/// <summary>The stack as <c>./faucet up</c> runs it: a dry run with every integration simulated, under a brand of its
/// own (so a page that shows it read it from <c>product.yaml</c>), with pulls and job slices kept short.</summary>
public sealed class DryRunStack : BrowserStack
{
    public const string AppName = "Banana Bonanza";

    protected override Task BeforeStartAsync()
    {
        Config.SetLine("product.yaml", "app_name", $"app_name: {AppName}");
        Config.SetLine("product.yaml", "org_name", "org_name: Monkey Works");
        Config.SetLine("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 20000");
        Config.SetLine("product.yaml", "job_slice_seconds", "job_slice_seconds: 1");
        return Task.CompletedTask;
    }

    protected override string[] Settings => [];
}

/// <summary>Payouts that really go out: <c>dry_run: false</c>, the live node adapter against the wire-level fake
/// Banano node, so a round's payouts reach the feed.</summary>
public sealed class PayingStack : BrowserStack
{
    public FakeBananoNode Node { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        Node = await FakeBananoNode.StartAsync();
        Node.Balances[Payouts.LiveNodeCluster.Operator] = UInt128.Parse("100000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
        Config.SetLine("integrations.yaml", "source_accounts", $"source_accounts: [{Payouts.LiveNodeCluster.Operator}]");
    }

    protected override string[] Settings =>
    [
        "--FAUCET_DRY_RUN=false",
        "--FAUCET_BANANO_MODE=live",
        "--FAUCET_NODE_RPC=" + Node.Url,
        "--FAUCET_WALLET_ID=" + Payouts.LiveNodeCluster.WalletId,
        "--FAUCET_SESSION_DOMAIN=127.0.0.1",
    ];

    protected override async Task DisposeMoreAsync() => await Node.DisposeAsync();
}
