namespace Faucet.Api.Features.Sessions;

public enum RefreshStatus
{
    Rotated,
    Reused,
    Invalid,
}
