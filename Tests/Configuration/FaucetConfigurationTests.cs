using Faucet.Configuration;
using Faucet.Money;

namespace Faucet.Tests.Configuration;

public sealed class FaucetConfigurationTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void The_shipped_files_load_with_the_documented_defaults()
    {
        using var files = new ConfigFiles();

        var config = FaucetConfiguration.Load(files.Directory, NoEnvironment);

        Assert.Equal(BanAmount.Parse("2.1"), config.Payout.PayoutAmountBanPerKill);
        Assert.Equal(20, config.Payout.SchedulerMinutes);
        Assert.Equal(1, config.Payout.DailyPayoutCap);
        Assert.Equal(3, config.Payout.WeeklyPayoutCap);
        Assert.Equal("UTC", config.Payout.ResetTz);
        Assert.Equal(SettlementOrder.Random, config.Payout.SettlementOrder);
        Assert.Equal(0, config.Payout.BatchSize);
        Assert.Null(config.Payout.DailyBanCap);
        Assert.Equal(BanAmount.Zero, config.Payout.MinPayoutBan);
        Assert.True(config.Integrations.DryRun);
        Assert.False(config.Integrations.Demo);
        Assert.Equal(BanAmount.Parse("50"), config.Integrations.Banano.MinOperatorBalanceBan);
        Assert.Equal(["identify", "guilds"], config.Integrations.Discord.OauthScopes);
        Assert.Equal(180, config.Integrations.Fortnite.RequestsPerMinute);
        Assert.Equal(IntegrationMode.Simulated, config.Integrations.Stripe.Mode);
        Assert.Equal(
            [("starter", 100L, 99L), ("popular", 500L, 399L), ("power", 2500L, 1499L), ("whale", 10000L, 4999L)],
            config.Product.TokenPackages.Select(p => (p.Id, p.Tokens, p.PriceMinor)));
        Assert.Equal(3, config.Product.FreePullsPerDay);
        Assert.Equal("https://creeper.banano.cc/hash/{hash}", config.Product.BlockExplorerUrl);
        Assert.Equal(("2026-12-07", 18, true), (config.Product.Legal.Version, config.Product.Legal.MinimumAge, config.Product.Legal.GateOn));
        Assert.StartsWith("# Terms of service", config.Product.Legal.TermsText, StringComparison.Ordinal);
        Assert.StartsWith("# Privacy policy", config.Product.Legal.PrivacyText, StringComparison.Ordinal);
        // The shipped texts say they are placeholders an operator must replace.
        Assert.Contains("placeholder", config.Product.Legal.TermsText, StringComparison.Ordinal);
        Assert.Contains("placeholder", config.Product.Legal.PrivacyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payout.yaml", "daily_payout_cap", "daily_payout_cap: 0", "daily_payout_cap", "at least 1")]
    [InlineData("payout.yaml", "daily_payout_cap", "daily_payout_cap: lots", "daily_payout_cap", "whole number")]
    [InlineData("payout.yaml", "reset_tz", "reset_tz: Mars/Olympus", "reset_tz", "not a time zone")]
    [InlineData("payout.yaml", "settlement_order", "settlement_order: alphabetical", "settlement_order", "one of random, fifo")]
    [InlineData("payout.yaml", "payout_amount_ban_per_kill", "payout_amount_ban_per_kill: -2", "payout_amount_ban_per_kill", "negative")]
    [InlineData("payout.yaml", "reward_ban_per_click", "reward_ban_per_click: 0.1234567890123456789012345678901", "clicker.reward_ban_per_click", "decimal places")]
    [InlineData("integrations.yaml", "min_operator_balance_ban", "min_operator_balance_ban: fifty", "banano.min_operator_balance_ban", "not a decimal amount")]
    [InlineData("integrations.yaml", "requests_per_second", "requests_per_second: 500", "fortnite.requests_per_second", "from 1 to 180")]
    [InlineData("integrations.yaml", "source_accounts", "source_accounts: [ban_1111111111111111111111111111111111111111111111111111hifc8npq]", "banano.source_accounts[0]", "wrong checksum")]
    [InlineData("payout.yaml", "min_payout_ban", "min_payout_ban: -1", "min_payout_ban", "negative")]
    [InlineData("integrations.yaml", "source_accounts", "source_accounts: [ban_1111111111111111111111111111111111111111111111111111hifc8npp, ban_1111111111111111111111111111111111111111111111111111hifc8npp]", "banano.source_accounts[1]", "source_accounts[0] again")]
    [InlineData("integrations.yaml", "signup_proof_of_work", "signup_proof_of_work: 5000000", "sessions.signup_proof_of_work", "0 (none) or from 1000 to 1000000")]
    [InlineData("integrations.yaml", "chain_env", "chain_env: moon", "chain_env", "mainnet, testnet, local")]
    [InlineData("integrations.yaml", "dry_run", "dry_run: maybe", "dry_run", "true or false")]
    [InlineData("integrations.yaml", "demo", "demo: maybe", "demo", "true or false")]
    [InlineData("product.yaml", "default_locale", "default_locale: xx-nowhere-1", "default_locale", "not a locale")]
    [InlineData("product.yaml", "free_pulls_per_day", "free_pulls_per_day: -1", "free_pulls_per_day", "0 or more")]
    [InlineData("product.yaml", "block_explorer_url", "block_explorer_url: https://creeper.banano.cc/hash/", "block_explorer_url", "with {hash}")]
    [InlineData("product.yaml", "block_explorer_url", "block_explorer_url: javascript:alert({hash})", "block_explorer_url", "http(s) URL")]
    [InlineData("product.yaml", "block_explorer_url", "block_explorer_url: https://{hash}.example.org/", "block_explorer_url", "in its path or query")]
    [InlineData("product.yaml", "block_explorer_url", "block_explorer_url: https://example.org/{hash}/{hash}", "block_explorer_url", "once")]
    [InlineData("product.yaml", "banner_url", "banner_url: //cdn.example.org/logo.svg", "banner_url", "a path on this site")]
    [InlineData("product.yaml", "media_kit_url", "media_kit_url: javascript:alert(1)", "media_kit_url", "http(s) URL")]
    [InlineData("product.yaml", "version", "version: \"1.0 final\"", "legal.version", "letters, digits, dots, dashes or underscores")]
    [InlineData("product.yaml", "version", "version: \"\"", "legal.version", "1 to 40")]
    [InlineData("product.yaml", "minimum_age", "minimum_age: -1", "legal.minimum_age", "from 0 (no age gate) to 99")]
    [InlineData("product.yaml", "minimum_age", "minimum_age: adult", "legal.minimum_age", "whole number")]
    [InlineData("product.yaml", "terms", "terms: ../secrets.md", "legal.terms", "no folders")]
    [InlineData("product.yaml", "terms", "terms: terms.html", "legal.terms", "Markdown file")]
    [InlineData("product.yaml", "privacy", "privacy: javascript:alert(1)", "legal.privacy", "http(s) URL")]
    [InlineData("product.yaml", "privacy", "privacy: \"\"", "legal.privacy", "is required")]
    [InlineData("product.yaml", "terms", "terms: rules.md", "legal.terms", "'rules.md' is not in")]
    [InlineData("payout.yaml", "boosts", "boosts: [{name: Weekend, start: 2026-12-19T00:00, end: 2026-12-21T00:00, multiplier: 2}, {name: Clicks, start: 2026-12-20 12:00, end: 2026-12-22T00:00, multiplier: 1.5, applies_to: clicks}]", "boosts[1]", "overlaps boosts[0] 'Weekend' for clicks")]
    [InlineData("payout.yaml", "boosts", "boosts: [{name: Big, start: 2026-12-19T00:00, end: 2026-12-21T00:00, multiplier: 10.5}]", "boosts[0].multiplier", "from 1 to 10 with at most two decimals")]
    [InlineData("payout.yaml", "boosts", "boosts: [{name: Fine, start: 2026-12-19T00:00, end: 2026-12-21T00:00, multiplier: 1.005}]", "boosts[0].multiplier", "at most two decimals")]
    [InlineData("payout.yaml", "boosts", "boosts: [{name: Late, start: 2026-12-21T00:00, end: 2026-12-19T00:00, multiplier: 2}]", "boosts[0].end", "must be after start")]
    [InlineData("payout.yaml", "boosts", "boosts: [{name: Soon, start: next friday, end: 2026-12-19T00:00, multiplier: 2}]", "boosts[0].start", "not a local date and time")]
    [InlineData("payout.yaml", "boosts", "boosts: [{name: Soon, start: 2026-12-19T00:00, end: 2026-12-20T00:00, multiplier: 2, applies_to: kicks}]", "boosts[0].applies_to", "one of both, kills, clicks")]
    [InlineData("payout.yaml", "donation_milestones", "donation_milestones: [{ban: 500, multiplier: 1.5}, {ban: 500, multiplier: 2}]", "donation_milestones[1].ban", "more than the milestone before it")]
    [InlineData("integrations.yaml", "donation_address", "donation_address: ban_1111111111111111111111111111111111111111111111111111hifc8npq", "banano.donation_address", "wrong checksum")]
    [InlineData("payout.yaml", "donation_milestones", "donation_milestones: [{ban: 500, multiplier: 1.5}]", "donation_milestones", "set banano.donation_address")]
    public void A_wrong_value_is_refused_naming_its_file_key_and_what_is_allowed(string file, string line, string replacement, string key, string allowed)
    {
        using var files = new ConfigFiles();
        files.SetLine(file, line, replacement);

        var error = Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(file, problem.File);
        Assert.Equal(key, problem.Key);
        Assert.Contains(allowed, problem.Message, StringComparison.Ordinal);
        Assert.Contains($"{file}: {key}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boosts_are_read_in_the_reset_time_zone_and_boosts_of_different_kinds_may_overlap()
    {
        using var files = new ConfigFiles();
        files.SetLine("payout.yaml", "reset_tz", "reset_tz: Europe/Berlin");
        files.SetLine("payout.yaml", "boosts", "boosts: [{name: Kill week, start: 2026-12-14T00:00, end: 2026-12-21 00:00, multiplier: 1.5, applies_to: kills}, {name: Click night, start: 2026-12-18T20:00, end: 2026-12-19T02:00, multiplier: 3, applies_to: clicks}]");

        var boosts = FaucetConfiguration.Load(files.Directory, NoEnvironment).Payout.Boosts;

        Assert.Equal(
            [("Kill week", DateTimeOffset.Parse("2026-12-13T23:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-12-20T23:00Z", System.Globalization.CultureInfo.InvariantCulture), 1.5m, BoostAppliesTo.Kills),
             ("Click night", DateTimeOffset.Parse("2026-12-18T19:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-12-19T01:00Z", System.Globalization.CultureInfo.InvariantCulture), 3m, BoostAppliesTo.Clicks)],
            boosts.Select(b => (b.Name, b.StartsAt, b.EndsAt, b.Multiplier, b.AppliesTo)));
    }

    [Fact]
    public void Amount_caps_are_optional_but_a_weekly_cap_below_the_daily_cap_is_refused()
    {
        using var files = new ConfigFiles();
        files.SetLine("payout.yaml", "daily_ban_cap", "daily_ban_cap: 5");
        Assert.Equal(BanAmount.Parse("5"), FaucetConfiguration.Load(files.Directory, NoEnvironment).Payout.DailyBanCap);

        files.SetLine("payout.yaml", "weekly_ban_cap", "weekly_ban_cap: 4.99");
        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal(("payout.yaml", "weekly_ban_cap"), (problem.File, problem.Key));
        Assert.Contains("at least daily_ban_cap", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_refused_with_the_keys_that_are_known()
    {
        using var files = new ConfigFiles();
        files.Append("payout.yaml", "dialy_payout_cap: 2\n");

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal(("payout.yaml", "dialy_payout_cap"), (problem.File, problem.Key));
        Assert.Contains("unknown key", problem.Message, StringComparison.Ordinal);
        Assert.Contains("daily_payout_cap", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_or_empty_text_values_are_unset_and_never_the_word_null()
    {
        using var files = new ConfigFiles();
        files.SetLine("product.yaml", "media_kit_url", "media_kit_url: null");
        files.SetLine("integrations.yaml", "token", "token: ~");

        var config = FaucetConfiguration.Load(files.Directory, NoEnvironment);

        Assert.Equal("", config.Product.MediaKitUrl);
        Assert.Equal("", config.Integrations.Operator.Token);
        Assert.True(IntegrationsOptions.IsDefaultSecret(config.Integrations.Operator.Token));
    }

    [Fact]
    public void A_key_that_is_not_a_plain_name_is_a_problem_not_a_crash()
    {
        using var files = new ConfigFiles();
        files.Append("payout.yaml", "? [a, b]\n: 1\n");

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal("payout.yaml", problem.File);
        Assert.Contains("plain name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        using var files = new ConfigFiles();
        files.Append("product.yaml", "feature_flags: [unclosed\n");

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal("product.yaml", problem.File);
        Assert.Contains("not valid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_kept_at_a_url_are_not_read_and_a_text_file_that_is_empty_or_not_utf8_is_refused()
    {
        using var files = new ConfigFiles();
        files.SetLine("product.yaml", "terms", "terms: https://faucet.example/terms");
        files.SetLine("product.yaml", "minimum_age", "minimum_age: 0");
        var atUrl = FaucetConfiguration.Load(files.Directory, NoEnvironment).Product.Legal;
        File.WriteAllText(Path.Combine(files.Directory, "privacy.md"), "  \n");
        var empty = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);
        File.WriteAllBytes(Path.Combine(files.Directory, "privacy.md"), [0x23, 0x20, 0xC3, 0x28]);
        var notUtf8 = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal((null, false), (atUrl.TermsText, atUrl.GateOn));
        Assert.StartsWith("# Privacy policy", atUrl.PrivacyText, StringComparison.Ordinal);
        Assert.Equal(("product.yaml", "legal.privacy", "'privacy.md' is empty"), (empty.File, empty.Key, empty.Message));
        Assert.Equal(("legal.privacy", "'privacy.md' is not UTF-8 text"), (notUtf8.Key, notUtf8.Message));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var files = new ConfigFiles();
        files.Delete("product.yaml");

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal("product.yaml", problem.File);
        Assert.Contains("not found", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_every_file_is_reported_at_once()
    {
        using var files = new ConfigFiles();
        files.SetLine("payout.yaml", "scheduler_minutes", "scheduler_minutes: 0");
        files.SetLine("product.yaml", "app_name", "app_name: \"\"");
        files.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 0");

        var problems = Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems;

        Assert.Equal(
            ["integrations.yaml rate_limits.per_ip_per_minute", "payout.yaml scheduler_minutes", "product.yaml app_name"],
            problems.Select(p => $"{p.File} {p.Key}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Environment_variables_fill_in_values_and_an_unset_one_is_named()
    {
        using var files = new ConfigFiles();
        files.SetLine("payout.yaml", "scheduler_minutes", "scheduler_minutes: ${ROUND_MINUTES}");

        var loaded = FaucetConfiguration.Load(files.Directory, name => name == "ROUND_MINUTES" ? "7" : null);
        Assert.Equal(7, loaded.Payout.SchedulerMinutes);

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);
        Assert.Equal(("payout.yaml", "scheduler_minutes"), (problem.File, problem.Key));
        Assert.Contains("ROUND_MINUTES is not set", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dry_run_false_refuses_to_start_with_shipped_secrets_or_no_node()
    {
        using var files = new ConfigFiles();

        var problems = Assert.Throws<ConfigurationException>(() =>
            FaucetConfiguration.Load(files.Directory, name => name == "FAUCET_DRY_RUN" ? "false" : null)).Problems;

        Assert.All(problems, p => Assert.Equal("integrations.yaml", p.File));
        Assert.Contains(problems, p => p.Key == "banano.node_rpc");
        Assert.Contains(problems, p => p.Key == "banano.wallet_id" && p.Message.Contains("change-me", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "operator.token");
        Assert.Contains(problems, p => p.Key == "banano.mode");
        Assert.Contains(problems, p => p.Key == "sessions.domain");
    }

    [Theory]
    [InlineData("FAUCET_FORTNITE_MODE", "fortnite.mode")]
    [InlineData("FAUCET_YUNITE_MODE", "yunite.mode")]
    public void The_demo_with_a_live_integration_is_refused_naming_the_integration_and_the_demo(string variable, string key)
    {
        using var files = new ConfigFiles();

        var error = Assert.Throws<ConfigurationException>(() =>
            FaucetConfiguration.Load(files.Directory, name => name switch
            {
                "FAUCET_DEMO" => "true",
                "FAUCET_YUNITE_GUILD_ID" => "123456789012345678",
                _ => name == variable ? "live" : null,
            }));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("integrations.yaml", key), (problem.File, problem.Key));
        Assert.Contains("must be simulated when demo is true", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"integrations.yaml: {key}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_with_dry_run_false_is_refused_naming_the_demo()
    {
        using var files = new ConfigFiles();

        var problems = Assert.Throws<ConfigurationException>(() =>
            FaucetConfiguration.Load(files.Directory, name => name switch { "FAUCET_DEMO" => "true", "FAUCET_DRY_RUN" => "false", _ => null })).Problems;

        var problem = Assert.Single(problems);
        Assert.Equal(("integrations.yaml", "demo"), (problem.File, problem.Key));
        Assert.Contains("dry_run must be true", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_is_a_dry_run_that_sends_its_payouts()
    {
        using var files = new ConfigFiles();

        var integrations = FaucetConfiguration.Load(files.Directory, name => name == "FAUCET_DEMO" ? "true" : null).Integrations;

        Assert.Equal((true, true, false), (integrations.Demo, integrations.DryRun, integrations.PayoutsDryRun));
        Assert.False(integrations.SimulatedWhereBanIsReal(IntegrationMode.Simulated));
    }

    [Fact]
    public void Dry_run_false_starts_once_the_node_and_every_secret_are_real()
    {
        using var files = new ConfigFiles();
        files.SetLine("integrations.yaml", "source_accounts", "source_accounts: [ban_1111111111111111111111111111111111111111111111111111hifc8npp]");
        var environment = new Dictionary<string, string>
        {
            ["FAUCET_DRY_RUN"] = "false",
            ["FAUCET_BANANO_MODE"] = "live",
            ["FAUCET_NODE_RPC"] = "http://127.0.0.1:7072",
            ["FAUCET_WALLET_ID"] = "wallet-0123456789abcdef",
            ["FAUCET_OPERATOR_TOKEN"] = "operator-token-0123456789",
            ["FAUCET_SESSION_KEY"] = "session-signing-key-0123456789abcdef",
            ["FAUCET_SESSION_DOMAIN"] = "faucet.example.org",
            ["FAUCET_VANITY_MASTER_KEY"] = "vanity-master-key-0123456789abcdef",
        };

        var config = FaucetConfiguration.Load(files.Directory, environment.GetValueOrDefault);

        Assert.False(config.Integrations.DryRun);
        Assert.Equal("http://127.0.0.1:7072", config.Integrations.Banano.NodeRpc);
    }

    [Fact]
    public void Printed_configuration_says_each_boosts_and_milestones_multiplier()
    {
        using var files = new ConfigFiles();
        files.SetLine("payout.yaml", "boosts", "boosts: [{name: Weekend, start: 2026-12-19T00:00, end: 2026-12-21T00:00, multiplier: 1.25, applies_to: clicks}]");
        files.SetLine("payout.yaml", "donation_milestones", "donation_milestones: [{ban: 500, multiplier: 3}]");
        files.SetLine("integrations.yaml", "donation_address", "donation_address: ban_1111111111111111111111111111111111111111111111111111hifc8npp");

        var printed = ConfigurationPrinter.Print(FaucetConfiguration.Load(files.Directory, NoEnvironment)).ReplaceLineEndings("\n");

        Assert.Contains("    name: \"Weekend\"\n    start: \"2026-12-19T00:00\"\n    end: \"2026-12-21T00:00\"\n    multiplier: 1.25\n    applies_to: clicks\n", printed, StringComparison.Ordinal);
        Assert.Contains("    ban: 500\n    multiplier: 3\n", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Printed_configuration_never_contains_a_secret()
    {
        using var files = new ConfigFiles();
        files.SetLine("integrations.yaml", "node_rpc", "node_rpc: \"http://rpcuser:rpc-pass^word|42@127.0.0.1:7072\"");
        files.SetLine("integrations.yaml", "webhooks", "webhooks: [{url: https://ops.example.org/hook, secret: whsec_aG9vay1zZWNyZXQtNDItMDEyMzQ1Njc4OWFiY2RlZg==, events: [payout.sent]}]");
        var secrets = new Dictionary<string, string>
        {
            ["FAUCET_WALLET_ID"] = "wallet-secret-42",
            ["FAUCET_DISCORD_CLIENT_SECRET"] = "discord-secret-42",
            ["FAUCET_YUNITE_API_KEY"] = "yunite-secret-42",
            ["FAUCET_FORTNITE_API_KEY"] = "fortnite-secret-42",
            ["FAUCET_STRIPE_SECRET_KEY"] = "sk_test_secret_42",
            ["FAUCET_STRIPE_WEBHOOK_SECRET"] = "whsec_secret_42",
            ["FAUCET_OPERATOR_TOKEN"] = "operator-secret-42",
            ["FAUCET_SESSION_KEY"] = "session-secret-42-0123456789abcdefghij",
            ["FAUCET_VANITY_MASTER_KEY"] = "vanity-secret-42-0123456789abcdef",
        };

        var printed = ConfigurationPrinter.Print(FaucetConfiguration.Load(files.Directory, secrets.GetValueOrDefault));

        foreach (var secret in secrets.Values.Append("rpc-pass^word|42").Append("aG9vay1zZWNyZXQtNDItMDEyMzQ1Njc4OWFiY2RlZg=="))
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        }
        Assert.Contains("wallet_id: " + ConfigurationPrinter.Mask, printed, StringComparison.Ordinal);
        Assert.Contains("node_rpc: \"http://***@127.0.0.1:7072\"", printed, StringComparison.Ordinal);
        Assert.Contains("app_name: \"Faucet\"", printed, StringComparison.Ordinal);
    }
}
