using System.Buffers.Text;
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Faucet.Vanity;
using NSec.Cryptography;
using Spectre.Console;

namespace Faucet.Cli;

/// <summary>
/// <c>faucet vanity</c>: the odds of a pattern, a search for a key that shows it on this machine's cores, and a check
/// that a key file is a did's key. The pattern, the odds and the search engine are the cluster's own (Grains/Vanity).
/// </summary>
public static partial class VanityCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(IAnsiConsole console, TextWriter error)
    {
        var vanity = new Command("vanity", "Vanity did:keys: odds, a search on this machine, and checking a key.");
        vanity.Subcommands.Add(Odds(console));
        vanity.Subcommands.Add(Grind(console, error));
        vanity.Subcommands.Add(Verify(console));
        return vanity;
    }

    private static Argument<string[]> PartsArgument() => new("parts")
    {
        Description = "The substrings the did:key should show after did:key:z6Mk, in order (base58: no 0, O, I or l).",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<bool> IgnoreCase() => new("--ignore-case") { Description = "Upper and lower case count as one." };

    private static Option<bool> Fuzzy() => new("--fuzzy") { Description = "Look-alikes count as one: 0/O, 1/I/l, 3/E, 4/A, 5/S, 7/T, 8/B." };

    private static Option<bool> AsJson() => new("--json") { Description = "Print one JSON document instead of tables." };

    private static Option<double?> Rate() => new("--rate")
    {
        Description = "Keys a second to reckon times with (without it, this machine's rate is measured for a second).",
    };

    private static Option<int> Threads() => new("--threads")
    {
        Description = "Threads to search on (0: one per core).",
        DefaultValueFactory = _ => 0,
    };

    private static Command Odds(IAnsiConsole console)
    {
        var parts = PartsArgument();
        var ignoreCase = IgnoreCase();
        var fuzzy = Fuzzy();
        var json = AsJson();
        var rate = Rate();
        var threads = Threads();
        var command = new Command("odds", "The exact odds of a pattern, and how long a search takes at this machine's rate.")
        {
            parts, ignoreCase, fuzzy, json, rate, threads,
        };
        command.SetAction(result =>
        {
            var pattern = Compile(result.GetValue(parts)!, result.GetValue(ignoreCase), result.GetValue(fuzzy));
            var odds = VanityOddsCalculator.Of(pattern);
            var keysPerSecond = result.GetValue(rate) is { } given
                ? given > 0 ? given : throw new UsageException("--rate is keys a second, more than 0.")
                : MeasureRate(pattern, ThreadCount(result.GetValue(threads)));
            if (result.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
                {
                    parts = pattern.Parts,
                    ignoreCase = pattern.CaseInsensitive,
                    fuzzy = pattern.Fuzzy,
                    exact = odds.Exact,
                    atLeast = odds.AtLeast,
                    expectedAttempts = Finite(odds.ExpectedAttempts),
                    medianAttempts = Finite(odds.MedianAttempts),
                    p99Attempts = Finite(odds.P99Attempts),
                    keysPerSecond = Math.Round(keysPerSecond),
                    expectedSeconds = Finite(odds.ExpectedAttempts / keysPerSecond),
                    medianSeconds = Finite(odds.MedianAttempts / keysPerSecond),
                    p99Seconds = Finite(odds.P99Attempts / keysPerSecond),
                }, Json));
                return FaucetCommandLine.Done;
            }
            var table = new Table().Title(new TableTitle($"Odds for “{string.Join(' ', pattern.Parts)}”", Style.Plain)).AddColumn("").AddColumn("");
            table.HideHeaders();
            table.AddRow("Every part (exact)", OneIn(odds.Exact));
            for (var k = 1; k < odds.AtLeast.Count && pattern.Parts.Count > 1; k++)
            {
                table.AddRow($"At least {k} of {pattern.Parts.Count}", OneIn(odds.AtLeast[k - 1]));
            }
            table.AddRow("Expected attempts", Count(odds.ExpectedAttempts));
            table.AddRow("Median attempts", Count(odds.MedianAttempts));
            table.AddRow("99th percentile attempts", Count(odds.P99Attempts));
            table.AddRow("Rate", $"{Count(keysPerSecond)} keys a second");
            table.AddRow("Expected time", Time(odds.ExpectedAttempts / keysPerSecond));
            table.AddRow("Median time", Time(odds.MedianAttempts / keysPerSecond));
            table.AddRow("99th percentile time", Time(odds.P99Attempts / keysPerSecond));
            console.Write(table);
            return FaucetCommandLine.Done;
        });
        return command;
    }

    private static Command Grind(IAnsiConsole console, TextWriter error)
    {
        var parts = PartsArgument();
        var ignoreCase = IgnoreCase();
        var fuzzy = Fuzzy();
        var json = AsJson();
        var threads = Threads();
        var budget = new Option<long?>("--budget") { Description = "Stop after this many keys and keep the best (without it: until every part shows)." };
        var output = new Option<FileInfo>("--out")
        {
            Description = "Where to write the private key (made readable by you alone). The key is never printed.",
            Required = true,
        };
        var format = new Option<string>("--format")
        {
            Description = "The key file's format: jwk, pem (PKCS#8) or hex (the 32-byte seed).",
            DefaultValueFactory = _ => "jwk",
        };
        format.AcceptOnlyFromAmong("jwk", "pem", "hex");
        var command = new Command("grind", "Searches on this machine's cores for a key whose did:key shows the pattern; Ctrl-C keeps the best so far.")
        {
            parts, ignoreCase, fuzzy, threads, budget, output, format, json,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var pattern = Compile(result.GetValue(parts)!, result.GetValue(ignoreCase), result.GetValue(fuzzy));
            var file = result.GetValue(output)!;
            if (file.Exists)
            {
                throw new UsageException($"{file.FullName} exists: a key file is never overwritten.");
            }
            var limit = result.GetValue(budget) is { } given ? given > 0 ? given : throw new UsageException("--budget is a number of keys, more than 0.") : long.MaxValue;
            var odds = VanityOddsCalculator.Of(pattern);
            // The file is made before the search, so a folder that cannot take it is said now, not after hours of search.
            var keyFile = Create(file);
            VanitySearchResult found;
            Faucet.Vanity.ExportedKey key;
            try
            {
                found = Search(console, pattern, odds, limit, ThreadCount(result.GetValue(threads)), result.GetValue(json), cancellationToken);
                if (!found.Found)
                {
                    throw new FailedException("the search was stopped before it tried a key: nothing to keep.");
                }
                key = KeyExports.FromSeed(found.Seed);
                CryptographicOperations.ZeroMemory(found.Seed);
                Write(keyFile, result.GetValue(format)!, key);
            }
            catch
            {
                keyFile.Dispose();
                if (new FileInfo(file.FullName).Length == 0)
                {
                    File.Delete(file.FullName);
                }
                throw;
            }
            keyFile.Dispose();
            var full = found.Score == pattern.Parts.Count;
            if (result.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
                {
                    did = key.Did,
                    score = found.Score,
                    of = pattern.Parts.Count,
                    attempts = found.Attempts,
                    seconds = Math.Round(found.Searched.TotalSeconds, 3),
                    keysPerSecond = Math.Round(found.KeysPerSecond),
                    stopped = found.Cancelled,
                    file = file.FullName,
                }, Json));
            }
            else
            {
                // Plain text, not markup: markup reads ":key:" in a did as an emoji.
                console.WriteLine($"{(full ? "Found" : "Best so far")}: {key.Did} ({found.Score} of {pattern.Parts.Count} parts, {Count(found.Attempts)} keys in {Time(found.Searched.TotalSeconds)}, {Count(found.KeysPerSecond)} a second)");
                console.WriteLine($"Private key written to {file.FullName}.");
            }
            return Task.FromResult(full ? FaucetCommandLine.Done : FaucetCommandLine.Failed);
        });
        return command;
    }

    private static Command Verify(IAnsiConsole console)
    {
        var did = new Option<string>("--did") { Description = "The did:key the key should be.", Required = true };
        var keyFile = new Option<FileInfo>("--key") { Description = "The key file: a JWK, a PKCS#8 PEM or a 64-digit hex seed.", Required = true };
        var command = new Command("verify", "Checks that a key file holds the private key of a did:key.") { did, keyFile };
        command.SetAction(result =>
        {
            var expected = result.GetValue(did)!;
            if (DidKey.PublicKeyOf(expected) is null)
            {
                throw new UsageException($"--did: '{expected}' is not an Ed25519 did:key (did:key:z6Mk and 44 more base58 characters).");
            }
            var file = result.GetValue(keyFile)!;
            if (!file.Exists)
            {
                throw new UsageException($"--key: {file.FullName} does not exist.");
            }
            var actual = DidOfKeyFile(File.ReadAllText(file.FullName));
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new FailedException($"the key in {file.Name} is {actual}, not {expected}.");
            }
            console.WriteLine($"The key in {file.Name} is {expected}'s.");
            return FaucetCommandLine.Done;
        });
        return command;
    }

    private static VanityPattern Compile(string[] parts, bool ignoreCase, bool fuzzy) =>
        VanityPattern.TryCompile(parts, ignoreCase, fuzzy, out var pattern, out var problem)
            ? pattern!
            // The pattern's words name parts as the Api's body does; here they are the command's arguments.
            : throw new UsageException(PartIndex().Replace(problem!, m => "part " + (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"parts\[(\d+)\]")]
    private static partial Regex PartIndex();

    private static int ThreadCount(int threads) => threads switch
    {
        0 => Environment.ProcessorCount,
        > 0 => threads,
        _ => throw new UsageException("--threads is a number of threads, 0 for one per core."),
    };

    /// <summary>This machine's keys a second for the pattern: the engine itself, for a second, with nothing to find.</summary>
    private static double MeasureRate(VanityPattern pattern, int threads)
    {
        using var second = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var result = VanitySearch.Run(pattern, long.MaxValue, threads, stopAtFullMatch: false, attempts: null, second.Token);
        CryptographicOperations.ZeroMemory(result.Seed);
        return result.KeysPerSecond;
    }

    private static VanitySearchResult Search(IAnsiConsole console, VanityPattern pattern, Faucet.Vanity.VanityOdds odds, long budget, int threads, bool quiet,
        CancellationToken cancellationToken)
    {
        long tried = 0;
        var search = Task.Run(() => VanitySearch.Run(pattern, budget, threads, stopAtFullMatch: true, n => Interlocked.Add(ref tried, n), cancellationToken),
            CancellationToken.None);
        if (quiet || !console.Profile.Capabilities.Interactive)
        {
            return search.GetAwaiter().GetResult();
        }
        var started = DateTime.UtcNow;
        var expected = budget == long.MaxValue ? odds.ExpectedAttempts : Math.Min(budget, odds.ExpectedAttempts);
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("searching", maxValue: 1000);
                while (!search.Wait(250, CancellationToken.None))
                {
                    var so = Interlocked.Read(ref tried);
                    var rate = so / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    task.Value = double.IsFinite(expected) ? Math.Min(999, 1000 * so / expected) : 0;
                    task.Description = $"{Count(so)} keys, {Count(rate)} a second, about {Time(Math.Max(0, expected - so) / Math.Max(1, rate))} left at this rate";
                }
                task.Value = 1000;
            });
        return search.GetAwaiter().GetResult();
    }

    /// <summary>The key file, made for its owner alone (mode 0600 where files have modes), never over another.</summary>
    private static FileStream Create(FileInfo file)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            return new FileStream(file.FullName, options);
        }
        catch (IOException e)
        {
            throw new UsageException($"--out: {file.FullName} cannot be made ({e.Message.Split('\n')[0]}).");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"--out: {file.FullName} cannot be written here.");
        }
    }

    /// <summary>Writes the key in the format asked for.</summary>
    private static void Write(FileStream stream, string format, Faucet.Vanity.ExportedKey key)
    {
        var text = format switch
        {
            "pem" => key.Pkcs8Pem,
            "hex" => key.SeedHex + "\n",
            _ => JsonSerializer.Serialize(new { kty = key.Jwk.Kty, crv = key.Jwk.Crv, x = key.Jwk.X, d = key.Jwk.D }, Json) + "\n",
        };
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The did:key of the private key in a key file: a JWK (its <c>d</c>), a PKCS#8 PEM, or a hex seed.</summary>
    internal static string DidOfKeyFile(string text)
    {
        var trimmed = text.Trim();
        byte[] seed;
        try
        {
            if (trimmed.StartsWith('{'))
            {
                using var jwk = JsonDocument.Parse(trimmed);
                seed = Base64Url.DecodeFromChars(jwk.RootElement.GetProperty("d").GetString());
            }
            else if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                using var imported = Key.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(trimmed), KeyBlobFormat.PkixPrivateKeyText,
                    new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                seed = imported.Export(KeyBlobFormat.RawPrivateKey);
            }
            else
            {
                seed = Convert.FromHexString(trimmed);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UsageException("--key: the file is not a JWK, a PKCS#8 PEM or a 64-digit hex seed of an Ed25519 key.");
        }
        if (seed.Length != 32)
        {
            throw new UsageException("--key: an Ed25519 private key is 32 bytes.");
        }
        var did = KeyExports.FromSeed(seed).Did;
        CryptographicOperations.ZeroMemory(seed);
        return did;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string OneIn(double p) => p <= 0 ? "never" : $"1 in {Count(1 / p)}";

    private static string Count(double n) => !double.IsFinite(n) ? "beyond counting"
        : n < 1e15 ? n.ToString("#,0", CultureInfo.InvariantCulture)
        : n.ToString("0.00e0", CultureInfo.InvariantCulture).Replace("e", " × 10^", StringComparison.Ordinal);

    private static string Time(double seconds) => !double.IsFinite(seconds) ? "beyond counting"
        : seconds < 1 ? "under a second"
        : seconds < 120 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
        : seconds < 7200 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min")
        : seconds < 172800 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h")
        : seconds < 3.15576e7 * 2 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} days")
        : $"{Count(seconds / 3.15576e7)} years";
}
