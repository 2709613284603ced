using System.Collections;
using System.Reflection;
using System.Text;
using Faucet.Money;

namespace Faucet.Configuration;

/// <summary>Prints options as YAML for logs and the console, with every <see cref="SecretAttribute"/> value
/// and every password inside a URL masked.</summary>
public static class ConfigurationPrinter
{
    public const string Mask = "********";

    public static string Print(FaucetConfiguration configuration)
    {
        var builder = new StringBuilder();
        foreach (var (file, options) in new (string, object)[]
                 {
                     (FaucetConfiguration.PayoutFile, configuration.Payout),
                     (FaucetConfiguration.IntegrationsFile, configuration.Integrations),
                     (FaucetConfiguration.ProductFile, configuration.Product),
                 })
        {
            builder.Append("# ").AppendLine(file);
            WriteObject(builder, options, 0);
        }
        return builder.ToString();
    }

    /// <summary>Every secret value set in the configuration (each item of a secret list), for the log redactor.</summary>
    public static IEnumerable<string> Secrets(FaucetConfiguration configuration) =>
        new object[] { configuration.Payout, configuration.Integrations, configuration.Product }.SelectMany(SecretsIn);

    private static IEnumerable<string> SecretsIn(object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = property.GetValue(options);
            var secret = property.GetCustomAttribute<SecretAttribute>() is not null;
            var nested = value switch
            {
                string text when secret => [text],
                IEnumerable<string> texts when secret => texts,
                string or BanAmount or Enum or ValueType or null => [],
                IDictionary dictionary => dictionary.Values.OfType<object>().Where(v => v is not string).SelectMany(SecretsIn),
                IEnumerable items => items.OfType<object>().Where(v => v is not string).SelectMany(SecretsIn),
                _ => SecretsIn(value),
            };
            foreach (var found in nested)
            {
                yield return found;
            }
        }
    }

    private static void WriteObject(StringBuilder builder, object options, int depth)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var indent = new string(' ', depth * 2);
            var key = YamlOptionsBinder.SnakeCase(property.Name);
            var value = property.GetValue(options);
            if (property.GetCustomAttribute<SecretAttribute>() is not null)
            {
                // Whether a secret is set shows; its value (or values, for a list such as signing keys) never does.
                var unset = value is null or string { Length: 0 } or ICollection { Count: 0 };
                builder.Append(indent).Append(key).Append(": ").AppendLine(unset ? "\"\"" : Mask);
            }
            else
            {
                WriteValue(builder, key, value, depth);
            }
        }
    }

    private static void WriteValue(StringBuilder builder, string key, object? value, int depth)
    {
        var indent = new string(' ', depth * 2);
        switch (value)
        {
            case null:
                builder.Append(indent).Append(key).AppendLine(": null");
                break;
            case string s:
                builder.Append(indent).Append(key).Append(": \"").Append(OptionChecks.MaskUrl(s).Replace("\"", "\\\"", StringComparison.Ordinal)).AppendLine("\"");
                break;
            case bool b:
                builder.Append(indent).Append(key).Append(": ").AppendLine(b ? "true" : "false");
                break;
            case BanAmount or int or long:
                builder.Append(indent).Append(key).Append(": ").AppendLine(value.ToString());
                break;
            case decimal number:
                builder.Append(indent).Append(key).Append(": ").AppendLine(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Enum e:
                builder.Append(indent).Append(key).Append(": ").AppendLine(YamlOptionsBinder.SnakeCase(e.ToString()));
                break;
            case IDictionary dictionary:
                builder.Append(indent).Append(key).AppendLine(":");
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteValue(builder, (string)entry.Key, entry.Value, depth + 1);
                }
                break;
            case IList list:
                builder.Append(indent).Append(key).AppendLine(list.Count == 0 ? ": []" : ":");
                foreach (var item in list)
                {
                    if (item is string text)
                    {
                        builder.Append(indent).Append("  - \"").Append(OptionChecks.MaskUrl(text)).AppendLine("\"");
                    }
                    else
                    {
                        builder.Append(indent).AppendLine("  -");
                        WriteObject(builder, item!, depth + 2);
                    }
                }
                break;
            default:
                builder.Append(indent).Append(key).AppendLine(":");
                WriteObject(builder, value, depth + 1);
                break;
        }
    }
}
