using Faucet.Players;

namespace Faucet.Identities;

[GenerateSerializer, Alias("faucet.IdentityState")]
public sealed class IdentityState
{
    [Id(0)] public UserId? Owner { get; set; }
    [Id(1)] public DateTimeOffset ClaimedAt { get; set; }
}
