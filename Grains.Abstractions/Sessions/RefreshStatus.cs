namespace Faucet.Sessions;

[GenerateSerializer, Alias("faucet.RefreshStatus")]
public enum RefreshStatus
{
    Rotated,
    Reused,
    Invalid,
}
