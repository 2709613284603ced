using Faucet.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Sessions;

public sealed class SignUpProofGrain(ISignUpProofStore proofs, [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ISignUpProofGrain
{
    public async Task<SignUpProofVerdict> SpendAsync(DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        if (expiresAt <= now)
        {
            return SignUpProofVerdict.Expired;
        }
        var spent = await proofs.SpendAsync(this.GetPrimaryKeyString(), expiresAt, now, CancellationToken.None);
        // A proof is spent once: its activation has nothing left to do.
        DeactivateOnIdle();
        return spent ? SignUpProofVerdict.Accepted : SignUpProofVerdict.AlreadyUsed;
    }
}
