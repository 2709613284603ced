namespace Faucet.Sessions;

[GenerateSerializer, Immutable, Alias("faucet.EndedSignIn")]
public sealed record EndedSignIn([property: Id(0)] Guid Session, [property: Id(1)] DateTimeOffset EndedAt);
