using System.Text.RegularExpressions;
using Faucet.Configuration;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Configuration;

/// <summary>The player app's words: every language file has exactly English's keys and fills only what English fills,
/// every word the app asks for exists, and an operator's <c>locales</c> files and <c>languages</c> shape what is
/// offered.</summary>
public sealed partial class AppLanguagesTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static readonly string LocalesFolder = RepositoryRoot.Combine("Api", "wwwroot", "locales");

    private static Dictionary<string, string> Read(string code) =>
        AppLanguages.Parse(File.ReadAllText(Path.Combine(LocalesFolder, code + ".json")), out var error) ?? throw new InvalidOperationException($"{code}.json {error}");

    public static TheoryData<string> Translations() =>
        [.. Directory.GetFiles(LocalesFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Where(c => c != AppLanguages.English).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_app_ships_english_spanish_brazilian_portuguese_german_and_french()
    {
        Assert.Equal(["de", "en", "es", "fr", "pt-BR"], Directory.GetFiles(LocalesFolder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_language_has_exactly_the_keys_of_english_and_fills_in_only_what_english_fills_in(string code)
    {
        var english = Read(AppLanguages.English);
        var words = Read(code);

        Assert.Empty(english.Keys.Except(words.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(words.Keys.Except(english.Keys).Order(StringComparer.Ordinal));
        var unknown = words.Where(w => AppLanguages.Placeholders(w.Value).Except(AppLanguages.Placeholders(english[w.Key])).Any())
            .Select(w => $"{w.Key}: '{w.Value}'").ToList();
        Assert.Empty(unknown);
        // A missing placeholder loses an amount or a name the sentence is about; only a singular may say "one" in words.
        var lost = words.Where(w => AppLanguages.Placeholders(english[w.Key]).Except(AppLanguages.Placeholders(w.Value)).Any(p => !(p == "count" && w.Key.EndsWith(".one", StringComparison.Ordinal))))
            .Select(w => $"{w.Key}: '{w.Value}'").ToList();
        Assert.Empty(lost);
    }

    [Fact]
    public void Every_word_the_app_asks_for_is_in_english_and_every_english_word_is_asked_for()
    {
        var english = Read(AppLanguages.English);
        var scripts = Directory.GetFiles(RepositoryRoot.Combine("Api", "wwwroot", "js"), "*.js", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();
        var page = File.ReadAllText(RepositoryRoot.Combine("Api", "wwwroot", "index.html"));
        // Keys asked for by t('…') or tn('…'), and every quoted dotted name (a key chosen by a condition or from a table).
        var asked = scripts.SelectMany(s => AskedKey().Matches(s)).Select(m => m.Groups[1].Value)
            .Concat(HtmlKey().Matches(page).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var quoted = scripts.SelectMany(s => QuotedKey().Matches(s)).Select(m => m.Groups[1].Value).Concat(asked).ToHashSet(StringComparer.Ordinal);
        static string Counted(string key) => PluralForm().Replace(key, "");

        Assert.Empty(asked.Where(k => !english.ContainsKey(k) && !english.ContainsKey(k + ".other")).Order(StringComparer.Ordinal));
        Assert.Empty(english.Keys.Where(k => k != AppLanguages.NameKey && !quoted.Contains(k) && !quoted.Contains(Counted(k))).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(english.Keys, k => k.EndsWith(".one", StringComparison.Ordinal) && !english.ContainsKey(Counted(k) + ".other"));
    }

    [Fact]
    public void Every_shipped_language_is_offered_in_the_pickers_order_under_its_own_name()
    {
        using var files = new ConfigFiles();

        var languages = FaucetConfiguration.Load(files.Directory, NoEnvironment).Product.AppLanguages;

        Assert.Equal(
            [("en", "English"), ("es", "Español"), ("pt-BR", "Português (Brasil)"), ("de", "Deutsch"), ("fr", "Français")],
            languages.Offered.Select(l => (l.Code, l.Name)));
        Assert.Equal(Read("de").OrderBy(w => w.Key, StringComparer.Ordinal), languages.Words("de")!.OrderBy(w => w.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void An_operators_file_overrides_words_and_adds_a_language_whose_gaps_are_english()
    {
        using var files = new ConfigFiles();
        Directory.CreateDirectory(Path.Combine(files.Directory, "locales"));
        File.WriteAllText(Path.Combine(files.Directory, "locales", "de.json"), """{"app.nav.home": "Zur Startseite"}""");
        File.WriteAllText(Path.Combine(files.Directory, "locales", "it.json"), """{"language.name": "Italiano", "app.nav.home": "Inizio", "home.hero.title": "Guadagna BAN con {app}"}""");

        var languages = FaucetConfiguration.Load(files.Directory, NoEnvironment).Product.AppLanguages;

        var german = Read("de");
        Assert.Equal("Zur Startseite", languages.Words("de")!["app.nav.home"]);
        Assert.Equal(german["app.nav.pricing"], languages.Words("de")!["app.nav.pricing"]);
        Assert.Equal(("it", "Italiano"), (languages.Offered[^1].Code, languages.Offered[^1].Name));
        Assert.Equal("Inizio", languages.Words("it")!["app.nav.home"]);
        Assert.Equal(Read("en")["app.nav.pricing"], languages.Words("it")!["app.nav.pricing"]);
        Assert.Equal(Read("en").Keys.Order(StringComparer.Ordinal), languages.Words("it")!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_operators_language_may_count_in_more_forms_than_english()
    {
        using var files = new ConfigFiles();
        Directory.CreateDirectory(Path.Combine(files.Directory, "locales"));
        File.WriteAllText(Path.Combine(files.Directory, "locales", "pl.json"),
            """{"language.name": "Polski", "unit.tokens.one": "{count} żeton", "unit.tokens.few": "{count} żetony", "unit.tokens.many": "{count} żetonów", "unit.tokens.other": "{count} żetonu"}""");

        var polish = FaucetConfiguration.Load(files.Directory, NoEnvironment).Product.AppLanguages.Words("pl")!;

        Assert.Equal(("{count} żetony", "{count} żetonów"), (polish["unit.tokens.few"], polish["unit.tokens.many"]));
    }

    [Fact]
    public void Languages_restricts_what_is_offered_and_in_which_order()
    {
        using var files = new ConfigFiles();
        files.SetLine("product.yaml", "languages", "languages: [de, en]");
        files.SetLine("product.yaml", "format_locale", "format_locale: en-GB");

        var product = FaucetConfiguration.Load(files.Directory, NoEnvironment).Product;

        Assert.Equal(["de", "en"], product.AppLanguages.Offered.Select(l => l.Code));
        Assert.Null(product.AppLanguages.Words("fr"));
        Assert.Equal("en-GB", product.FormatLocale);
    }

    [Theory]
    [InlineData("languages: [it]", "languages[0]", "'it' has no words")]
    [InlineData("languages: [english]", "languages[0]", "not a language code")]
    [InlineData("languages: [de, de]", "languages", "more than once")]
    [InlineData("format_locale: xx-nowhere-1", "format_locale", "not a locale")]
    public void A_wrong_languages_entry_is_refused_naming_it(string line, string key, string message)
    {
        using var files = new ConfigFiles();
        files.SetLine("product.yaml", line.Split(':')[0], line);

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal(("product.yaml", key), (problem.File, problem.Key));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de.json", """{"app.nav.hom": "Start"}""", "'app.nav.hom' is not a key of the app")]
    [InlineData("de.json", """{"app.nav.home.few": "Start"}""", "'app.nav.home.few' is not a key of the app")]
    [InlineData("pl.json", """{"unit.tokens.few": "{count} {unit}"}""", "uses {unit}, which the app does not fill there (it fills {count})")]
    [InlineData("de.json", """{"home.hero.title": "Verdiene BAN mit {name}"}""", "uses {name}, which the app does not fill there (it fills {app})")]
    [InlineData("de.json", """{"app.nav.home": 3}""", "'app.nav.home' must be a text, not number")]
    [InlineData("de.json", """{"app.nav.home": ""}""", "'app.nav.home' must be a text, not empty")]
    [InlineData("de.json", """["Start"]""", "must be one JSON object")]
    [InlineData("de.json", """{"app.nav.home": "Start",}""", "is not JSON")]
    [InlineData("german.json", """{}""", "'german' is not a language code")]
    [InlineData("de.yaml", "app.nav.home: Start", "is not a .json file")]
    public void A_wrong_locale_file_is_refused_naming_the_file_and_what_is_wrong(string name, string content, string message)
    {
        using var files = new ConfigFiles();
        Directory.CreateDirectory(Path.Combine(files.Directory, "locales"));
        File.WriteAllText(Path.Combine(files.Directory, "locales", name), content);

        var problem = Assert.Single(Assert.Throws<ConfigurationException>(() => FaucetConfiguration.Load(files.Directory, NoEnvironment)).Problems);

        Assert.Equal("locales/" + name, problem.File);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\btn?\('([A-Za-z0-9_.]+)'")]
    private static partial Regex AskedKey();

    [GeneratedRegex(@"'([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)'")]
    private static partial Regex QuotedKey();

    [GeneratedRegex("data-i18n(?:-aria-label)?=\"([^\"]+)\"")]
    private static partial Regex HtmlKey();

    [GeneratedRegex(@"\.(one|other)$")]
    private static partial Regex PluralForm();
}
