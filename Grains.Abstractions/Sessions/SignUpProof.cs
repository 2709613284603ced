namespace Faucet.Sessions;

/// <summary>
/// A solved proof-of-work challenge whose hash and signature the front end has checked: it may make one new player, once.
/// </summary>
/// <param name="Challenge">The challenge's hash (hex): what makes it single use.</param>
/// <param name="ExpiresAt">When the challenge expires; after that nobody can send it, so its record can go.</param>
[GenerateSerializer, Immutable, Alias("faucet.SignUpProof")]
public sealed record SignUpProof([property: Id(0)] string Challenge, [property: Id(1)] DateTimeOffset ExpiresAt);
