using Faucet.Players;

namespace Faucet.Api.Features.Sessions;

/// <param name="Token">The family's next refresh token (when rotated).</param>
public sealed record RefreshOutcome(RefreshStatus Status, UserId? User, Guid? Session, string? Token);
