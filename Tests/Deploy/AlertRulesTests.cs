using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Faucet.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Faucet.Tests.Deploy;

/// <summary>deploy/prometheus/alerts.yml: rules Prometheus would load (its own PromQL grammar parses every expression,
/// through deploy/prometheus/validate, installed by ./faucet test), on metrics Faucet exports, each linked to what to
/// do in deploy/RUNBOOK.md.</summary>
public sealed partial class AlertRulesTests
{
    private static readonly string ValidatorFolder = RepositoryRoot.Combine("deploy", "prometheus", "validate");
    private static readonly string[] Severities = ["critical", "warning", "info"];
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Rule(string Alert, string Expr, string? For, string? Severity, string? Summary, string? Runbook);

    private static List<Rule> Rules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Combine("deploy", "prometheus", "alerts.yml")))
        {
            yaml.Load(reader);
        }
        var rules = new List<Rule>();
        foreach (YamlMappingNode group in (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"])
        {
            foreach (YamlMappingNode rule in (YamlSequenceNode)group["rules"])
            {
                string? Text(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;
                var labels = rule.Children.TryGetValue("labels", out var l) ? (YamlMappingNode)l : new YamlMappingNode();
                var annotations = rule.Children.TryGetValue("annotations", out var a) ? (YamlMappingNode)a : new YamlMappingNode();
                rules.Add(new Rule(Text(rule, "alert")!, Text(rule, "expr")!, Text(rule, "for"), Text(labels, "severity"), Text(annotations, "summary"), Text(annotations, "runbook")));
            }
        }
        return rules;
    }

    [Fact]
    public void Every_alert_has_a_unique_name_a_severity_a_summary_and_a_runbook_section_that_exists()
    {
        var rules = Rules();
        var runbook = File.ReadAllLines(RepositoryRoot.Combine("deploy", "RUNBOOK.md"));
        var anchors = runbook.Where(line => line.StartsWith('#')).Select(line => Slug(line.TrimStart('#').Trim())).ToHashSet(StringComparer.Ordinal);

        Assert.True(rules.Count >= 10, $"{rules.Count} rules");
        Assert.Equal(rules.Count, rules.Select(r => r.Alert).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rules, rule =>
        {
            Assert.Matches("^Faucet[A-Z][A-Za-z]+$", rule.Alert);
            Assert.Contains(rule.Severity, Severities);
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary), rule.Alert);
            Assert.True(rule.For is null || Duration().IsMatch(rule.For), $"{rule.Alert}: for: {rule.For}");
            Assert.StartsWith("RUNBOOK.md#", rule.Runbook, StringComparison.Ordinal);
            Assert.Contains(rule.Runbook!["RUNBOOK.md#".Length..], anchors);
        });
    }

    [Fact]
    public async Task Every_expression_parses_as_promql_and_selects_only_metrics_faucet_exports()
    {
        var rules = Rules();
        var exported = PrometheusNames.OfFaucetInstruments();

        var results = await ParseAsync(rules.Select(r => r.Expr).ToList());

        Assert.Equal(rules.Count, results.Count);
        foreach (var (rule, result) in rules.Zip(results))
        {
            Assert.True(result.Errors.Count == 0, $"{rule.Alert}: {string.Join("; ", result.Errors)} in {rule.Expr}");
            Assert.NotEmpty(result.Metrics);
            // "up" is Prometheus's own: whether a scrape of the target worked.
            Assert.All(result.Metrics, metric => Assert.True(metric == "up" || exported.Contains(metric), $"{rule.Alert} refers to {metric}, which Faucet does not export"));
        }
    }

    [Fact]
    public async Task The_parser_finds_a_broken_expression_and_the_metrics_of_a_good_one()
    {
        var results = await ParseAsync(["sum(rate(faucet_payouts_total[5m]) >", "max(app_dry_run) == 1 or up{job=\"faucet-api\"} == 0"]);

        Assert.NotEmpty(results[0].Errors);
        Assert.Equal((0, "app_dry_run up"), (results[1].Errors.Count, string.Join(' ', results[1].Metrics.Order(StringComparer.Ordinal))));
    }

    /// <summary>The anchor a Markdown renderer gives a heading: lower case, punctuation dropped, spaces as dashes.</summary>
    private static string Slug(string heading) =>
        new string(heading.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-');

    private sealed record Parsed(List<string> Errors, List<string> Metrics);

    private static async Task<List<Parsed>> ParseAsync(List<string> expressions)
    {
        Assert.True(Directory.Exists(Path.Combine(ValidatorFolder, "node_modules")),
            "the PromQL validator is not installed: run 'npm ci' in deploy/prometheus/validate (./faucet test does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = ValidatorFolder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("validate.mjs");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(expressions));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return JsonSerializer.Deserialize<List<Parsed>>(await stdout, Web)!;
    }

    [GeneratedRegex("^[0-9]+[smhd]$")]
    private static partial Regex Duration();
}
