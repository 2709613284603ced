namespace Faucet.Sessions;

/// <param name="Problem">Why Discord did not sign the player in, in words for the player, when it did not.</param>
[GenerateSerializer, Immutable, Alias("faucet.DiscordSignIn")]
public sealed record DiscordSignIn([property: Id(0)] DiscordSignInStatus Status, [property: Id(1)] StartedSignIn? SignedIn, [property: Id(2)] string? Problem);
