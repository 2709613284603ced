using Faucet.Identities;
using Faucet.Money;

namespace Faucet.Players;

[GenerateSerializer, Immutable, Alias("faucet.PlayerProfile")]
public sealed record PlayerProfile(
    [property: Id(0)] UserId Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<IdentityKey> Identities,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] BananoAddress? Wallet = null,
    [property: Id(5)] EpicLink? Epic = null,
    [property: Id(6)] PlayerBan? Ban = null,
    [property: Id(7)] bool AnalyticsOptOut = false,
    [property: Id(8)] TermsAcceptance? Terms = null)
{
    public const int MaxDisplayNameLength = 32;

    /// <summary>The trimmed display name, or an <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    public static string ValidDisplayName(string? displayName)
    {
        var name = displayName?.Trim() ?? "";
        if (name.Length is 0 or > MaxDisplayNameLength || name.Any(char.IsControl))
        {
            throw new ArgumentException($"A display name is 1 to {MaxDisplayNameLength} visible characters.", nameof(displayName));
        }
        return name;
    }
}
