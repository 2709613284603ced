using Faucet.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Sessions;

public sealed class SignUpProofGrain(ISignUpProofStore proofs, [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ISignUpProofGrain
{
    public async Task<bool> SpendAsync(DateTimeOffset expiresAt)
    {
        var spent = await proofs.SpendAsync(this.GetPrimaryKeyString(), expiresAt, time.GetUtcNow(), CancellationToken.None);
        // A proof is spent once: its activation has nothing left to do.
        DeactivateOnIdle();
        return spent;
    }
}
