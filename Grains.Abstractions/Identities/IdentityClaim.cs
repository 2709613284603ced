using Faucet.Players;

namespace Faucet.Identities;

/// <summary>The answer to a claim: granted to the caller, or refused because <see cref="Owner"/> holds it.</summary>
[GenerateSerializer, Immutable, Alias("faucet.IdentityClaim")]
public sealed record IdentityClaim([property: Id(0)] bool Granted, [property: Id(1)] UserId Owner);
