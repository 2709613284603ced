namespace Faucet.Sessions;

/// <summary>One proof-of-work challenge (key: its hash, hex), spent by the first new player it makes.</summary>
[Alias("faucet.ISignUpProofGrain")]
public interface ISignUpProofGrain : IGrainWithStringKey
{
    /// <summary>Spends the proof: Accepted the first time, AlreadyUsed after, Expired once its challenge has.</summary>
    [Alias("Spend")]
    Task<SignUpProofVerdict> SpendAsync(DateTimeOffset expiresAt);
}
