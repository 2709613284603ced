namespace Faucet.Sessions;

/// <summary>Spent sign-up proofs (table <c>signup_proofs</c>); written only by <see cref="SignUpProofGrain"/>.</summary>
public interface ISignUpProofStore
{
    /// <summary>Records the challenge as spent: true if it was not before (and has not expired by <paramref name="now"/>).</summary>
    Task<bool> SpendAsync(string challenge, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);
}
