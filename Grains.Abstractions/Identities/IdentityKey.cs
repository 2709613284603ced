namespace Faucet.Identities;

/// <summary>
/// A way a person proves who they are, written <c>scheme:subject</c>: <c>discord:80351110224678912</c>,
/// <c>email:ana@example.org</c>, <c>did:key:z6Mk…</c>, <c>epic:0123abcd…</c>, and the Banano wallet a player is
/// paid to, <c>wallet:ban_…</c>. Each key can be claimed by one user only; the canonical form (lower-case scheme, trimmed, lower-case e-mail) is what is claimed.
/// </summary>
[GenerateSerializer, Immutable, Alias("faucet.IdentityKey")]
public readonly record struct IdentityKey([property: Id(0)] string Value)
{
    public const int MaxLength = 256;
    private const string Base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public string Scheme => Value.StartsWith("did:key:", StringComparison.Ordinal) ? "did:key" : Value[..Value.IndexOf(':', StringComparison.Ordinal)];

    public static bool TryParse(string? text, out IdentityKey key, out string error)
    {
        key = default;
        var s = text?.Trim() ?? "";
        if (s.Length is 0 or > MaxLength)
        {
            error = $"an identity must be 1 to {MaxLength} characters";
            return false;
        }

        if (s.StartsWith("did:key:", StringComparison.OrdinalIgnoreCase))
        {
            var subject = s["did:key:".Length..];
            // An Ed25519 did:key is "z6Mk" and 44 more base58btc characters (the multicodec prefix and key).
            if (subject.Length != 48 || !subject.StartsWith("z6Mk", StringComparison.Ordinal) || !subject.All(Base58.Contains))
            {
                error = $"'{s}' is not an Ed25519 did:key (did:key:z6Mk followed by 44 base58 characters)";
                return false;
            }
            key = new IdentityKey("did:key:" + subject);
            error = "";
            return true;
        }

        var colon = s.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon <= 0 ? "" : s[..colon].ToLowerInvariant();
        var rest = colon < 0 ? "" : s[(colon + 1)..];
        switch (scheme)
        {
            case "discord" when rest.Length is > 0 and <= 20 && rest[0] != '0' && rest.All(char.IsAsciiDigit):
                key = new IdentityKey("discord:" + rest);
                break;
            case "email" when IsPlausibleEmail(rest):
                key = new IdentityKey("email:" + rest.ToLowerInvariant());
                break;
            case "wallet" when Money.BananoAddress.TryParse(rest, out var wallet, out _):
                key = new IdentityKey("wallet:" + wallet.Value);
                break;
            case "epic" when rest.Length is > 0 and <= 64 && rest.All(char.IsAsciiLetterOrDigit):
                key = new IdentityKey("epic:" + rest.ToLowerInvariant());
                break;
            default:
                error = $"'{s}' is not an identity: use discord:<snowflake>, email:<address>, did:key:z…, epic:<account id> or wallet:ban_…";
                return false;
        }
        error = "";
        return true;
    }

    public static IdentityKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    public override string ToString() => Value;

    private static bool IsPlausibleEmail(string s)
    {
        var at = s.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == s.LastIndexOf('@') && at < s.Length - 1 && !s.Any(char.IsWhiteSpace);
    }
}
