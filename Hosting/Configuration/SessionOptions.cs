namespace Faucet.Configuration;

/// <summary>
/// Player sessions: the keys that sign access tokens and how long a token lives. The first key signs; every key
/// verifies, so a new key is rotated in by putting it first and the old one is dropped once its last tokens have
/// expired — nobody is logged out by a rotation.
/// </summary>
public sealed class SessionOptions : IValidatedOptions
{
    public const int MinimumKeyLength = 32;

    [Secret]
    public List<string> SigningKeys { get; set; } = [];

    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>How long a refresh token (and so a sign-in without activity) lasts.</summary>
    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>Identities (<c>did:key:…</c>, <c>email:…</c>, <c>discord:…</c>) whose players are admins: they may do
    /// everything under <c>/api/v1/admin</c> and open the dashboard.</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>Identities whose players are support: they may read under <c>/api/v1/admin</c>, not act.</summary>
    public List<string> Support { get; set; } = [];

    /// <summary>Proof of work asked of a new player (e-mail registration, a key's or a Discord account's first
    /// sign-in): the largest secret number of an ALTCHA challenge, so a browser hashes half of it on average; 0 asks
    /// none. Returning players are never asked.</summary>
    public int SignupProofOfWork { get; set; } = 100_000;

    /// <summary>The domain wallet sign-in messages name (the site players sign in to); empty: the host the request
    /// came to.</summary>
    public string Domain { get; set; } = "";

    /// <summary>A key for <paramref name="purpose"/> derived from the first real signing key (HMAC-SHA256), so that
    /// every Api process derives the same one; under the dry-run placeholder, a random key of this process alone.</summary>
    public byte[] DerivedKey(string purpose) =>
        SigningKeys.FirstOrDefault(k => !IntegrationsOptions.IsDefaultSecret(k)) is { } secret
            ? System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(purpose))
            : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (SigningKeys.Count == 0)
        {
            yield return ("signing_keys", "needs at least one key");
        }
        for (var i = 0; i < SigningKeys.Count; i++)
        {
            if (!IntegrationsOptions.IsDefaultSecret(SigningKeys[i]) && SigningKeys[i].Length < MinimumKeyLength)
            {
                yield return ($"signing_keys[{i}]", $"must be at least {MinimumKeyLength} characters");
            }
        }
        if (OptionChecks.Between("access_token_minutes", AccessTokenMinutes, 1, 60) is { } minutes)
        {
            yield return minutes;
        }
        foreach (var (key, list) in new[] { ("admins", Admins), ("support", Support) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!Identities.IdentityKey.TryParse(list[i], out var identity, out var error))
                {
                    yield return ($"{key}[{i}]", error);
                }
                else if (identity.Scheme is not ("did:key" or "discord"))
                {
                    yield return ($"{key}[{i}]", "must be a did:key or a discord id: only those are proven at sign-in (anyone can register an unclaimed e-mail)");
                }
            }
        }
        // The widget gives up after 90 s: a million is about 12 s at most in a browser of this machine's speed, and
        // leaves room for a phone several times slower.
        if (SignupProofOfWork is not 0 and (< 1_000 or > 1_000_000))
        {
            yield return ("signup_proof_of_work", $"must be 0 (none) or from 1000 to 1000000 (got {SignupProofOfWork})");
        }
        if (OptionChecks.Between("refresh_token_days", RefreshTokenDays, 1, 365) is { } days)
        {
            yield return days;
        }
    }
}
