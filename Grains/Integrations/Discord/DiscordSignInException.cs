namespace Faucet.Integrations.Discord;

/// <summary>Discord did not sign the player in: the code was refused (<see cref="Refused"/>), or Discord could not be
/// reached or answered nonsense.</summary>
public sealed class DiscordSignInException(string message, bool refused, Exception? inner = null) : Exception(message, inner)
{
    public bool Refused { get; } = refused;
}
