using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Faucet.Money;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Faucet.Configuration;

/// <summary>
/// Binds one YAML file onto an options object whose properties are named in PascalCase for snake_case keys.
/// Unknown keys, wrong types and unset environment variables are collected as problems naming the file and the
/// key path, never thrown one at a time, so an operator sees everything wrong at once.
/// Scalars may use <c>${VAR}</c> or <c>${VAR:-default}</c>; the environment fills them in.
/// </summary>
internal sealed partial class YamlOptionsBinder(string fileName, Func<string, string?> environment)
{
    private readonly List<ConfigProblem> problems = [];

    public IReadOnlyList<ConfigProblem> Problems => problems;

    public void Bind(object target, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(new ConfigProblem(fileName, "", $"line {e.Start.Line}, column {e.Start.Column}: not valid YAML ({e.Message})"));
            return;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new ConfigProblem(fileName, "", "must be a mapping of keys to values"));
            return;
        }
        BindMapping(target, root, "");
    }

    private void BindMapping(object target, YamlMappingNode mapping, string path)
    {
        var properties = target.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => SnakeCase(p.Name), StringComparer.Ordinal);

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                problems.Add(new ConfigProblem(fileName, path, $"line {keyNode.Start.Line}: a key must be a plain name"));
                continue;
            }
            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out var property))
            {
                problems.Add(new ConfigProblem(fileName, keyPath,
                    $"unknown key (line {keyNode.Start.Line}); known keys here: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}"));
                continue;
            }

            if (TryConvert(property.PropertyType, valueNode, keyPath, property.GetValue(target), out var value))
            {
                property.SetValue(target, value);
            }
        }
    }

    private bool TryConvert(Type type, YamlNode node, string path, object? current, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode scalar)
        {
            if (!TryExpand(scalar, path, out var text))
            {
                return false;
            }
            if (underlying is not null && IsNull(scalar, text))
            {
                return true;
            }
            if (type == typeof(string) && IsNull(scalar, text))
            {
                // "key:" and "key: null" mean "not set", never the text "null".
                value = "";
                return true;
            }
            if (type.IsClass && type != typeof(string) && IsNull(scalar, text))
            {
                value = current;
                return true;
            }
            return TryConvertScalar(underlying ?? type, text, path, out value);
        }

        if (node is YamlSequenceNode sequence && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var elementType = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            var ok = true;
            var index = 0;
            foreach (var item in sequence.Children)
            {
                var element = elementType.IsClass && elementType != typeof(string) ? Activator.CreateInstance(elementType) : null;
                if (TryConvert(elementType, item, $"{path}[{index++}]", element, out var converted))
                {
                    list.Add(converted);
                }
                else
                {
                    ok = false;
                }
            }
            value = list;
            return ok;
        }

        if (node is YamlMappingNode map && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var valueType = type.GetGenericArguments()[1];
            var dictionary = (IDictionary)Activator.CreateInstance(type, StringComparer.Ordinal)!;
            var ok = true;
            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode { Value: { } name })
                {
                    problems.Add(new ConfigProblem(fileName, path, $"line {k.Start.Line}: a key must be a plain name"));
                    ok = false;
                    continue;
                }
                if (TryConvert(valueType, v, $"{path}.{name}", null, out var converted))
                {
                    dictionary[name] = converted;
                }
                else
                {
                    ok = false;
                }
            }
            value = dictionary;
            return ok;
        }

        if (node is YamlMappingNode nested && type.IsClass && type != typeof(string))
        {
            value = current ?? Activator.CreateInstance(type);
            var before = problems.Count;
            BindMapping(value!, nested, path);
            return problems.Count == before;
        }

        problems.Add(new ConfigProblem(fileName, path, $"expected {Describe(type)} (line {node.Start.Line})"));
        return false;
    }

    private bool TryConvertScalar(Type type, string text, string path, out object? value)
    {
        value = null;
        string? error = null;
        if (type == typeof(string))
        {
            value = text;
        }
        else if (type == typeof(bool))
        {
            value = text switch { "true" => true, "false" => false, _ => null };
        }
        else if (type == typeof(int))
        {
            value = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null;
        }
        else if (type == typeof(long))
        {
            value = long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;
        }
        else if (type == typeof(decimal))
        {
            value = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
        }
        else if (type == typeof(BanAmount))
        {
            value = BanAmount.TryParse(text, out var amount, out error) ? amount : null;
        }
        else if (type.IsEnum)
        {
            value = Enum.GetValues(type).Cast<object>().FirstOrDefault(v => SnakeCase(v.ToString()!) == text);
        }

        if (value is null)
        {
            problems.Add(new ConfigProblem(fileName, path, error ?? $"expected {Describe(type)}, got '{text}'"));
            return false;
        }
        return true;
    }

    private bool TryExpand(YamlScalarNode scalar, string path, out string text)
    {
        var raw = scalar.Value ?? "";
        var missing = new List<string>();
        text = EnvironmentReference().Replace(raw, match =>
        {
            var name = match.Groups["name"].Value;
            var fallback = match.Groups["default"];
            var found = environment(name);
            if (!string.IsNullOrEmpty(found))
            {
                return found;
            }
            if (fallback.Success)
            {
                return fallback.Value;
            }
            missing.Add(name);
            return "";
        });

        foreach (var name in missing)
        {
            problems.Add(new ConfigProblem(fileName, path, $"environment variable {name} is not set (line {scalar.Start.Line}); set it or write ${{{name}:-default}}"));
        }
        return missing.Count == 0;
    }

    private static bool IsNull(YamlScalarNode scalar, string text) =>
        scalar.Style == ScalarStyle.Plain && text is "" or "~" or "null";

    private static string Describe(Type type)
    {
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(BanAmount)) return "an amount of BAN such as 2.1";
        if (type == typeof(decimal)) return "a number such as 1.5";
        if (type == typeof(string)) return "a text value";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(SnakeCase));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)) return "a list";
        return "a mapping of keys to values";
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex EnvironmentReference();
}
