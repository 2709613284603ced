namespace Faucet.Sessions;

/// <summary>A sign-in with an identity: begun (<paramref name="SignedIn"/>), or refused for want of a proof of work
/// when it would have made a new player.</summary>
[GenerateSerializer, Immutable, Alias("faucet.IdentitySignIn")]
public sealed record IdentitySignIn([property: Id(0)] SignUpProofVerdict Proof, [property: Id(1)] StartedSignIn? SignedIn);
