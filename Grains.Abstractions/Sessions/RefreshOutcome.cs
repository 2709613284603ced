using Faucet.Players;

namespace Faucet.Sessions;

/// <param name="Token">The family's next refresh token (when rotated).</param>
[GenerateSerializer, Immutable, Alias("faucet.RefreshOutcome")]
public sealed record RefreshOutcome(
    [property: Id(0)] RefreshStatus Status,
    [property: Id(1)] UserId? User,
    [property: Id(2)] Guid? Session,
    [property: Id(3)] string? Token);
