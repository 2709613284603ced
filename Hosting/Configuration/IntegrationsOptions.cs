namespace Faucet.Configuration;

/// <summary><c>integrations.yaml</c>: the outside systems, each live or simulated, and the dry-run and demo switches.</summary>
public sealed class IntegrationsOptions : IValidatedOptions
{
    /// <summary>The placeholder that the shipped files use for secrets; never valid outside a dry run.</summary>
    public const string DefaultSecretPrefix = "change-me";

    public string ChainEnv { get; set; } = "mainnet";

    /// <summary>While true, nothing real moves: payouts are planned and recorded but never sent, unless this is the
    /// demo.</summary>
    public bool DryRun { get; set; } = true;

    /// <summary>The local demo: a dry run with every integration simulated whose rounds nonetheless pay, through the
    /// simulated node, so that accruals settle, caps count and the feed moves. It is a separate switch, not "dry run on
    /// a simulated node", because a real deployment's dry run may run on the simulated node too (some integrations
    /// live, the node not yet), and that one must never consume a player's accruals.</summary>
    public bool Demo { get; set; }

    /// <summary>Whether payouts are planned and recorded, never sent, and give their amount back to the player: every
    /// dry run except the demo.</summary>
    public bool PayoutsDryRun => DryRun && !Demo;

    public BananoOptions Banano { get; set; } = new();
    public DiscordOptions Discord { get; set; } = new();
    public YuniteOptions Yunite { get; set; } = new();
    public FortniteOptions Fortnite { get; set; } = new();
    public StripeOptions Stripe { get; set; } = new();
    public RateLimitOptions RateLimits { get; set; } = new();
    public AbuseHeuristicsOptions AbuseHeuristics { get; set; } = new();
    public List<WebhookTargetOptions> Webhooks { get; set; } = [];
    public OperatorOptions Operator { get; set; } = new();
    public SessionOptions Sessions { get; set; } = new();
    public AnalyticsOptions Analytics { get; set; } = new();
    public VanityOptions Vanity { get; set; } = new();

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (ChainEnv is not ("mainnet" or "testnet" or "local"))
        {
            yield return ("chain_env", $"'{ChainEnv}' is not one of mainnet, testnet, local");
        }

        var sections = new (string Name, IValidatedOptions Options)[]
        {
            ("banano", Banano), ("discord", Discord), ("yunite", Yunite), ("fortnite", Fortnite),
            ("stripe", Stripe), ("rate_limits", RateLimits), ("abuse_heuristics", AbuseHeuristics),
            ("operator", Operator), ("sessions", Sessions), ("analytics", Analytics), ("vanity", Vanity),
        };
        foreach (var (name, options) in sections.Concat(Webhooks.Select((w, i) => ($"webhooks[{i}]", (IValidatedOptions)w))))
        {
            foreach (var (key, message) in options.Validate())
            {
                yield return ($"{name}.{key}", message);
            }
        }

        // Live Stripe takes real money even in a dry run, and anyone who knows a placeholder webhook secret could sign a
        // "paid" event: its secrets are always required.
        if (Stripe.Mode == IntegrationMode.Live && IsDefaultSecret(Stripe.SecretKey))
        {
            yield return ("stripe.secret_key", "stripe.mode is live, so it must be set to the real secret key (not empty, not the change-me placeholder)");
        }
        if (Stripe.Mode == IntegrationMode.Live && IsDefaultSecret(Stripe.WebhookSecret))
        {
            yield return ("stripe.webhook_secret", "stripe.mode is live, so it must be set to the endpoint's signing secret (not empty, not the change-me placeholder)");
        }

        if (Demo)
        {
            foreach (var problem in DemoProblems())
            {
                yield return problem;
            }
        }
        else if (!DryRun)
        {
            foreach (var problem in RealMoneyProblems())
            {
                yield return problem;
            }
        }
    }

    /// <summary>The demo pays for real what its simulated world accrued, so nothing in it may be real: a live Fortnite
    /// would have real kills consumed by simulated payouts, a live node would send real BAN.</summary>
    private IEnumerable<(string Key, string Message)> DemoProblems()
    {
        if (!DryRun)
        {
            yield return ("demo", "is true, so dry_run must be true as well: the demo is a dry run whose rounds pay through the simulated node; set demo: false to pay real BAN");
        }
        var modes = new (string Key, IntegrationMode Mode)[]
        {
            ("banano.mode", Banano.Mode), ("discord.mode", Discord.Mode), ("yunite.mode", Yunite.Mode),
            ("fortnite.mode", Fortnite.Mode), ("stripe.mode", Stripe.Mode),
        };
        foreach (var (key, _) in modes.Where(m => m.Mode != IntegrationMode.Simulated))
        {
            yield return (key, "must be simulated when demo is true: the demo settles what players earned with simulated payouts, so every integration in it is simulated; set demo: false for a dry run with live integrations");
        }
    }

    /// <summary>Whether an integration in <paramref name="mode"/> must stay off: a simulated one (made-up players,
    /// links or kills) only ever runs in a dry run.</summary>
    public bool SimulatedWhereBanIsReal(IntegrationMode mode) => mode == IntegrationMode.Simulated && !DryRun;

    /// <summary>With <c>dry_run: false</c> the faucet pays real BAN: nothing may run on shipped defaults.</summary>
    private IEnumerable<(string Key, string Message)> RealMoneyProblems()
    {
        const string why = "dry_run is false, so it must be set to a real secret (not empty, not the shipped change-me placeholder)";
        if (Banano.Mode != IntegrationMode.Live)
        {
            yield return ("banano.mode", "must be live when dry_run is false: a simulated node pays nobody");
        }
        if (Banano.NodeRpc.Length == 0)
        {
            yield return ("banano.node_rpc", "is required when dry_run is false");
        }
        if (IsDefaultSecret(Banano.WalletId))
        {
            yield return ("banano.wallet_id", why);
        }
        if (IsDefaultSecret(Operator.Token))
        {
            yield return ("operator.token", why);
        }
        if (IsDefaultSecret(Vanity.MasterKey))
        {
            yield return ("vanity.master_key", why);
        }
        if (Sessions.Domain.Length == 0)
        {
            yield return ("sessions.domain", "is required when dry_run is false: wallet sign-in messages name it, and the request's own Host header is the client's to choose");
        }
        for (var i = 0; i < Sessions.SigningKeys.Count; i++)
        {
            if (IsDefaultSecret(Sessions.SigningKeys[i]))
            {
                yield return ($"sessions.signing_keys[{i}]", why);
            }
        }
        if (Discord.Mode == IntegrationMode.Live && IsDefaultSecret(Discord.DiscordOauthClientSecret))
        {
            yield return ("discord.discord_oauth_client_secret", why);
        }
        if (Yunite.Mode == IntegrationMode.Live && IsDefaultSecret(Yunite.YuniteApiKey))
        {
            yield return ("yunite.yunite_api_key", why);
        }
        if (Fortnite.Mode == IntegrationMode.Live && IsDefaultSecret(Fortnite.FortniteApiKey))
        {
            yield return ("fortnite.fortnite_api_key", why);
        }

    }

    public static bool IsDefaultSecret(string value) =>
        value.Length == 0 || value.StartsWith(DefaultSecretPrefix, StringComparison.OrdinalIgnoreCase);
}
