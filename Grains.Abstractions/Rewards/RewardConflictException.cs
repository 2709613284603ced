namespace Faucet.Rewards;

/// <summary>A command that cannot be applied: its idempotency key was used for another change, or it asks for
/// more than the account holds, or it refers to a round the account knows nothing of.</summary>
[GenerateSerializer, Alias("faucet.RewardConflictException")]
public sealed class RewardConflictException : Exception
{
    public RewardConflictException() { }

    public RewardConflictException(string message) : base(message) { }

    public RewardConflictException(string message, Exception inner) : base(message, inner) { }
}
