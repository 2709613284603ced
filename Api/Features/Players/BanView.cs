namespace Faucet.Api.Features.Players;

/// <param name="Until">Null: until an admin lifts it.</param>
/// <param name="InForce">False once <paramref name="Until"/> has passed.</param>
public sealed record BanView(string Reason, DateTimeOffset? Until, string By, bool InForce);
