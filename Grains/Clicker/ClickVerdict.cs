namespace Faucet.Clicker;

/// <param name="BotReason">Why the clicks look like a machine's (<see cref="TooFast"/> or <see cref="TooRegular"/>),
/// or null when they look like a person's.</param>
/// <param name="ClicksLastSecond">Attempts in the second up to this one, this one included.</param>
/// <param name="JitterMs">The spread of the last streak's intervals, once there is a full streak.</param>
public sealed record ClickVerdict(string? BotReason, int ClicksLastSecond, double? JitterMs)
{
    public const string TooFast = "too_fast";
    public const string TooRegular = "too_regular";

    public bool IsBot => BotReason is not null;
}
