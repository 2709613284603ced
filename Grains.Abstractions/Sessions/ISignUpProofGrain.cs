namespace Faucet.Sessions;

/// <summary>One proof-of-work challenge (key: its hash, hex), spent by the first new player it makes.</summary>
[Alias("faucet.ISignUpProofGrain")]
public interface ISignUpProofGrain : IGrainWithStringKey
{
    /// <summary>Spends the proof: true the first time, false when it was spent already or has expired.</summary>
    [Alias("Spend")]
    Task<bool> SpendAsync(DateTimeOffset expiresAt);
}
