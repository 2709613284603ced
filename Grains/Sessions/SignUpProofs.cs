using Faucet.Configuration;

namespace Faucet.Sessions;

/// <summary>The one rule for a proof of work at sign-up, for the grains that make new players.</summary>
internal static class SignUpProofs
{
    /// <summary>Spends <paramref name="proof"/> for a new player when proofs are asked: Accepted when none is asked or
    /// it was spent now.</summary>
    public static async Task<SignUpProofVerdict> SpendAsync(IGrainFactory grains, IntegrationsOptions integrations, SignUpProof? proof)
    {
        if (integrations.Sessions.SignupProofOfWork == 0)
        {
            return SignUpProofVerdict.Accepted;
        }
        if (proof is null)
        {
            return SignUpProofVerdict.Missing;
        }
        return await grains.GetGrain<ISignUpProofGrain>(proof.Challenge).SpendAsync(proof.ExpiresAt);
    }
}
