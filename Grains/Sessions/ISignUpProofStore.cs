namespace Faucet.Sessions;

/// <summary>Spent sign-up proofs (table <c>signup_proofs</c>); written only by <see cref="SignUpProofGrain"/>.</summary>
public interface ISignUpProofStore
{
    /// <summary>Records the challenge as spent: true if it was not before.</summary>
    Task<bool> SpendAsync(string challenge, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);
}
