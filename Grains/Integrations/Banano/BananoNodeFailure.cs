namespace Faucet.Integrations.Banano;

public enum BananoNodeFailure
{
    /// <summary>The node could not be reached, timed out or answered with an HTTP error: it may or may not have
    /// acted, so a send must be retried with the same id.</summary>
    Unreachable,

    /// <summary>The node answered with an error it will give again (bad wallet, bad account, disabled RPC…).</summary>
    Rejected,

    /// <summary>The source account holds less than the amount.</summary>
    InsufficientBalance,

    /// <summary>The node answered with something that is not its protocol.</summary>
    InvalidResponse,
}
