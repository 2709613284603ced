namespace Faucet.Api.Features.Sessions;

/// <summary>What a sign-in or a refresh hands the client.</summary>
/// <param name="RefreshToken">For API clients; null when the refresh token travels only in its HttpOnly cookie (a
/// refresh made with the cookie).</param>
public sealed record SignedIn(string UserId, IReadOnlyList<string> Roles, string AccessToken, DateTimeOffset AccessTokenExpiresAt, string? RefreshToken, DateTimeOffset RefreshTokenExpiresAt);
