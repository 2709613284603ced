namespace Faucet.Api.Features.Players;

/// <summary>A player as operators find them in a search.</summary>
/// <param name="Epic">What Yunite last said: linked, not_linked, not_found, or unchecked.</param>
/// <param name="Flags">How many times the player was flagged for review.</param>
public sealed record AdminUser(
    string UserId,
    string DisplayName,
    IReadOnlyList<string> Identities,
    DateTimeOffset CreatedAt,
    string? Wallet,
    string Epic,
    BanView? Ban,
    int Flags);
