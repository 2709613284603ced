namespace Faucet.Players;

/// <summary>What the faucet asks a player to accept now (<paramref name="Version"/>, and an age of at least
/// <paramref name="MinimumAge"/>; 0 means no gate) and what the player last accepted.</summary>
[GenerateSerializer, Immutable, Alias("faucet.TermsStanding")]
public sealed record TermsStanding(
    [property: Id(0)] string Version,
    [property: Id(1)] int MinimumAge,
    [property: Id(2)] TermsAcceptance? Accepted)
{
    public bool GateOn => MinimumAge > 0;

    /// <summary>Whether the player may pay: the gate is off, or they accepted this version and confirmed an age at least
    /// as high as the one asked now (an operator who raises the age asks again, even under the same version).</summary>
    public bool Satisfied => !GateOn || (Accepted is { AgeConfirmed: true } accepted && accepted.Version == Version && accepted.MinimumAge >= MinimumAge);
}
