namespace Faucet.Api.Features.Sessions;

/// <summary>What a sign-in or a refresh hands the client.</summary>
public sealed record SignedIn(string UserId, IReadOnlyList<string> Roles, string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);
