using Faucet.Audit;
using Faucet.Clicker;
using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Integrations.Banano;
using Faucet.Integrations.Fortnite;
using Faucet.Integrations.Payments;
using Faucet.Integrations.Yunite;
using Faucet.Kills;
using Faucet.Leaderboards;
using Faucet.Payouts;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Silo.Schema;
using Faucet.Tokens;
using Faucet.Vanity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace Faucet.Silo.Hosting;

/// <summary>The silo's composition, one named piece at a time.</summary>
public static class FaucetSiloBuilderExtensions
{
    public const string StorageName = "faucet";
    public const string PubSubStorageName = "PubSubStore";

    /// <summary>Everything a Faucet silo runs with: cluster membership, storage, reminders, streams, the schema
    /// migrator, the dashboard and the configuration from the three YAML files.</summary>
    public static ISiloBuilder AddFaucet(this ISiloBuilder silo, OrleansHostSettings settings, FaucetConfiguration configuration)
    {
        silo.Services.AddFaucetConfiguration(configuration);
        silo.Services.AddFaucetExceptionSerialization();
        silo.Services.AddBananoNode(configuration.Integrations.Banano);
        silo.Services.AddSingleton<IRewardJournal, PostgresRewardJournal>();
        silo.Services.AddSingleton<IRewardRoundJournal, PostgresRewardRoundJournal>();
        silo.Services.AddSingleton<Faucet.Donations.IDonationStore, Faucet.Donations.PostgresDonationStore>();
        silo.Services.AddOptions<SettlementBatchOptions>().BindConfiguration("Faucet:Settlement");
        silo.Services.AddSingleton<RewardAccountChanges>();
        silo.Services.AddSingleton<IPayoutStore, PostgresPayoutStore>();
        silo.Services.AddSingleton<ITokenJournal, PostgresTokenJournal>();
        silo.Services.AddSingleton<IVanityPullStore, PostgresVanityPullStore>();
        silo.Services.AddSingleton<VanitySeals>();
        silo.Services.AddSingleton<VanitySearchTurns>();
        silo.Services.AddHostedService<VanitySearchAgent>();
        silo.Services.AddSingleton<Faucet.Purchases.IPurchaseStore, Faucet.Purchases.PostgresPurchaseStore>();
        silo.Services.AddSingleton<Faucet.PaymentMethods.IPaymentMethodStore, Faucet.PaymentMethods.PostgresPaymentMethodStore>();
        silo.Services.AddSingleton<Faucet.Webhooks.IWebhookStore, Faucet.Webhooks.PostgresWebhookStore>();
        // Redirects are not followed: a signed event goes only where the operator pointed it.
        silo.Services.AddHttpClient(Faucet.Webhooks.WebhookEndpointGrain.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // Chat webhooks carry their token in the URL's path: the client's request logs would write it out.
            .RemoveAllLoggers();
        silo.Services.AddPaymentProviders(configuration.Integrations);
        silo.Services.AddSingleton<IStripeEventStore, PostgresStripeEventStore>();
        silo.Services.AddSingleton<IManualPayoutStore, PostgresManualPayoutStore>();
        silo.Services.AddSingleton<PayoutSender>();
        // A round waits on each source account's send, which may wait behind one other send from that account (a
        // payout's retry): a call must outlast two of the node's longest calls, or a slow node fails the round's turn.
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout =
            TimeSpan.FromTicks(Math.Max(messaging.ResponseTimeout.Ticks, (configuration.Integrations.Banano.LongestCall * 2 + TimeSpan.FromSeconds(10)).Ticks)));
        silo.Services.AddSingleton<IPlayerTables, PostgresPlayerTables>();
        silo.Services.AddSingleton<ISettlementStore, PostgresSettlementStore>();
        silo.Services.AddSingleton<IAuditLog, PostgresAuditLog>();
        silo.Services.AddSingleton<IClickStore, PostgresClickStore>();
        silo.Services.AddSingleton<ILeaderboardStore, PostgresLeaderboardStore>();
        silo.Services.AddFortniteStats(configuration.Integrations.Fortnite);
        silo.Services.AddYunite(configuration.Integrations.Yunite);
        silo.Services.AddSingleton<IKillVerifications, PostgresKillVerifications>();
        silo.Services.AddSingleton<Faucet.Sessions.IRefreshTokenStore, Faucet.Sessions.PostgresRefreshTokenStore>();
        silo.Services.AddSingleton<Faucet.Sessions.IWalletChallengeStore, Faucet.Sessions.PostgresWalletChallengeStore>();
        silo.Services.AddSingleton<Faucet.Sessions.ISignUpProofStore, Faucet.Sessions.PostgresSignUpProofStore>();
        silo.Services.AddSingleton<Faucet.Sessions.IPasswordCredentialStore, Faucet.Sessions.PostgresPasswordCredentialStore>();
        Faucet.Sessions.DiscordSignInServiceCollectionExtensions.AddDiscordSignIn(silo.Services, configuration.Integrations.Discord);
        // Every silo makes sure the settlement reminder exists; the reminder itself is one per cluster.
        silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<ISettlementSchedulerGrain>("default").EnsureScheduledAsync());
        silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<IKillVerifierGrain>("default").EnsureScheduledAsync());
        silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<Faucet.Donations.IDonationsGrain>(0).EnsureWatchingAsync());
        // The webhook endpoints of integrations.yaml, kept in step with it and looking for work.
        silo.AddStartupTask((services, cancellationToken) => Faucet.Webhooks.ConfiguredWebhooks.SyncAsync(services, cancellationToken));
        return silo
            .AddFaucetSchema(settings)
            .AddFaucetClustering(settings)
            .AddFaucetStorage(settings)
            .AddFaucetReminders(settings)
            .AddFaucetStreams()
            .AddDashboard();
    }

    /// <summary>Applies <c>deploy/sql</c> before the silo joins the cluster (the first stage of its lifecycle).</summary>
    public static ISiloBuilder AddFaucetSchema(this ISiloBuilder silo, OrleansHostSettings settings)
    {
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));
        silo.Services.AddSingleton(SchemaScripts.Bundled());
        silo.Services.AddSingleton<SchemaMigrator>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationLifecycle>();
        return silo;
    }

    public static ISiloBuilder AddFaucetClustering(this ISiloBuilder silo, OrleansHostSettings settings)
    {
        // Membership timings (how fast a dead silo is noticed) can be tuned under Faucet:Membership.
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration("Faucet:Membership");
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        if (settings.AdvertisedAddress is { } address)
        {
            silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        }
        return silo.UseAdoNetClustering(o =>
        {
            o.Invariant = OrleansHostSettings.Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
    }

    public static ISiloBuilder AddFaucetStorage(this ISiloBuilder silo, OrleansHostSettings settings)
    {
        silo.AddAdoNetGrainStorage(StorageName, o =>
        {
            o.Invariant = OrleansHostSettings.Invariant;
            o.ConnectionString = settings.ConnectionString;
        });

        // State is written with the Orleans serializer, so the [Id]s and [Alias]es on state types are what
        // is stored: fields and types can be renamed without breaking rows already in the table.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageName)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

        // "faucet" is also the default provider: one instance, reachable under both names.
        silo.Services.AddKeyedSingleton<IGrainStorage>(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (services, _) => services.GetRequiredKeyedService<IGrainStorage>(StorageName));
        return silo;
    }

    public static ISiloBuilder AddFaucetReminders(this ISiloBuilder silo, OrleansHostSettings settings)
    {
        // Not under "Orleans:": Orleans reads that section itself, and "Orleans:Reminders" names reminder providers.
        silo.Services.AddOptions<ReminderOptions>().BindConfiguration("Faucet:Reminders");
        return silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = OrleansHostSettings.Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
    }

    public static ISiloBuilder AddFaucetStreams(this ISiloBuilder silo)
    {
        // The pulling agents look for new events every 100 ms by default, which alone would put the feed's delivery
        // latency near its 100 ms goal; 20 ms keeps it well under, for a few idle timer turns per queue. Tunable
        // under Faucet:Streams (e.g. Faucet__Streams__GetQueueMsgsTimerPeriod=00:00:00.050).
        silo.AddMemoryStreams(FeedStreams.ProviderName, streams => streams.ConfigurePullingAgent(agent => agent
            .Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20))
            .BindConfiguration("Faucet:Streams")));
        silo.Services.AddKeyedSingleton<IGrainStorage>(
            PubSubStorageName,
            (services, _) => services.GetRequiredKeyedService<IGrainStorage>(StorageName));
        return silo;
    }
}
