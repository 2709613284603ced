namespace Faucet.Players;

/// <summary>A player's acceptance of the terms of service and privacy policy of one version, with the age they confirmed
/// being at least (<paramref name="MinimumAge"/>, 0 when no age was asked).</summary>
[GenerateSerializer, Immutable, Alias("faucet.TermsAcceptance")]
public sealed record TermsAcceptance(
    [property: Id(0)] string Version,
    [property: Id(1)] DateTimeOffset AcceptedAt,
    [property: Id(2)] bool AgeConfirmed,
    [property: Id(3)] int MinimumAge);
