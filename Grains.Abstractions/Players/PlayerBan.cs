namespace Faucet.Players;

/// <summary>An operator's ban: while it is in force the player earns nothing and is paid nothing (what they had
/// earned waits), and the clicker refuses them. <see cref="Until"/> null: until an admin lifts it.</summary>
[GenerateSerializer, Immutable, Alias("faucet.PlayerBan")]
public sealed record PlayerBan(
    [property: Id(0)] string Reason,
    [property: Id(1)] DateTimeOffset? Until,
    [property: Id(2)] string By,
    [property: Id(3)] DateTimeOffset At)
{
    public const int MaxReasonLength = 500;

    public bool InForceAt(DateTimeOffset now) => Until is not { } until || now < until;
}
