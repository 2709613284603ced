namespace Faucet.Api.Features.Account;

/// <summary>An operator's ban in force on the player. <paramref name="Until"/> null: until an operator lifts it.</summary>
public sealed record PlayerBanView(string Reason, DateTimeOffset? Until);
