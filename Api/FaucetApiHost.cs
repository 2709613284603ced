using Faucet.Api.Features.Boosts;
using Faucet.Api.Features.Donations;
using Faucet.Api.Features.Audit;
using Faucet.Api.Features.Clicker;
using Faucet.Api.Features.Config;
using Faucet.Api.Features.Leaderboards;
using Faucet.Api.Features.Health;
using Faucet.Api.Features.Legal;
using Faucet.Api.Features.Live;
using Faucet.Api.Features.Account;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Features.Payouts;
using Faucet.Api.Features.Settlement;
using Faucet.Api.Json;
using Faucet.Api.Hosting;
using Faucet.Hosting;
using Faucet.Settlement;
using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;
using Faucet.Api.Features.Operations;
using Faucet.Api.Features.Players;
using Faucet.Payouts;
using Faucet.Api.Features.Tokens;
using Faucet.Api.Features.Vanity;
using Faucet.Api.Features.PaymentMethods;
using Faucet.Api.Features.Purchases;
using Faucet.Api.Features.Webhooks;
using Faucet.Configuration;
using Faucet.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Faucet.Api;

/// <summary>Builds the front end: an Orleans client of the cluster, with the HTTP API in front of it.</summary>
public static class FaucetApiHost
{
    /// <param name="services">Changes to the services after Faucet's own, for hosts that embed the Api (tests send its
    /// logs to their own file this way).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = OrleansHostSettings.From(builder.Configuration);
        var configuration = FaucetConfigurationLoader.Load(builder.Configuration);

        builder.Services.AddFaucetConfiguration(configuration);
        builder.Logging.AddFaucetJsonConsole([.. ConfigurationPrinter.Secrets(configuration), settings.DatabasePassword]);
        builder.Services.AddFaucetTelemetry(builder.Configuration, "faucet-api", configuration.Integrations.DryRun,
            metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter(),
            // Scrapes and probes come every few seconds and say nothing about the work: no spans for them.
            tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = context =>
                !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health")),
            startSeries: FaucetMetrics.StartApiSeries);
        builder.UseOrleansClient(client =>
        {
            client.AddFaucetClient(settings);
            if (FaucetTelemetry.ExportsTraces(builder.Configuration))
            {
                // The trace of an HTTP request continues into the grain calls it makes (see the silo's host).
                client.AddActivityPropagation();
            }
        });

        builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(settings.ConnectionString));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new BanAmountJsonConverter());
            o.SerializerOptions.Converters.Add(new StringValueJsonConverter());
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // The framework knows no type for 429, so without this the rate limits' problems would be the only ones without one.
            if (context.ProblemDetails is { Status: StatusCodes.Status429TooManyRequests, Type: null } problem)
            {
                problem.Type = "https://tools.ietf.org/html/rfc6585#section-4";
            }
        });
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddOpenApi(options => options.DescribeJsonBodies());
        builder.Services.AddFaucetHealth(settings.ConnectionString);
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddFaucetSessions();
        builder.Services.AddSingleton<PlayerQueries>();
        builder.Services.AddFaucetLive();
        builder.Services.AddSingleton<JsonBody>();
        builder.Services.AddSingleton<ClientHashes>();
        builder.Services.AddSingleton<AddressQueries>();
        builder.Services.AddSingleton<AuditQueries>();
        builder.Services.AddSingleton<UserQueries>();
        builder.Services.AddSingleton<RegionAnalytics>();
        builder.Services.AddSingleton<StatsQueries>();
        builder.Services.AddSingleton<VanityQueries>();
        builder.Services.AddSingleton<PurchaseQueries>();
        builder.Services.AddSingleton<WebhookQueries>();
        builder.Services.AddFaucetRateLimits(configuration.Integrations);
        // No default scheme: each endpoint's policy names the schemes it takes, so a player's request is never put to the
        // operator check (whose failure is worth a log line when it is an operator's), and a public one to none.
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthentication>(OperatorAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, PlayerAuthentication>(PlayerAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, PlayerAuthentication>(PlayerAuthentication.BearerSchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            // Admins are the operator token or a player with the admin role (its token in the Authorization header, never
            // the cookie); support (and admins) may read.
            .AddPolicy(OperatorAuthentication.Policy, policy => policy.AddAuthenticationSchemes(OperatorAuthentication.SchemeName, PlayerAuthentication.BearerSchemeName).RequireRole("admin"))
            .AddPolicy(OperatorAuthentication.ReadPolicy, policy => policy.AddAuthenticationSchemes(OperatorAuthentication.SchemeName, PlayerAuthentication.BearerSchemeName).RequireRole("admin", "support"))
            .AddPolicy(PlayerAuthentication.Policy, policy => policy.AddAuthenticationSchemes(PlayerAuthentication.SchemeName).RequireRole("player"));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseFaucetClientAddress(configuration.Integrations);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = PlayerAppHeaders.For(configuration.Product) });
        app.UseWebSockets();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UsePlayerRateLimits();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapFaucetHealth();
        // The features share one unnamed group, so that the answers every endpoint can give are declared in one place.
        var api = app.MapGroup("").WithProblemAnswers();
        api.MapConfigEndpoints();
        api.MapSettlementEndpoints();
        api.MapSettlementAdminEndpoints();
        api.MapAuthEndpoints();
        api.MapDiscordEndpoints();
        api.MapMeEndpoints();
        api.MapLegalEndpoints();
        api.MapLiveEndpoints();
        api.MapClickEndpoints();
        api.MapLeaderboardEndpoints();
        api.MapBoostEndpoints();
        api.MapDonationEndpoints();
        api.MapAuditEndpoints();
        api.MapAdminUserEndpoints();
        api.MapPayoutAdminEndpoints();
        api.MapOperationsEndpoints();
        api.MapTokenEndpoints();
        api.MapVanityEndpoints();
        api.MapPurchaseEndpoints();
        api.MapPaymentMethodEndpoints();
        api.MapStripeWebhookEndpoints();
        api.MapWebhookAdminEndpoints();
        app.MapOrleansDashboard(OperatorAuthentication.DashboardPath).RequireAuthorization(OperatorAuthentication.Policy);
        return app;
    }
}
