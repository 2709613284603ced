using Faucet.Players;

namespace Faucet.Identities;

/// <summary>
/// The unique claim of one identity (keyed by the canonical <see cref="IdentityKey"/>) by one user.
/// </summary>
[Alias("faucet.IIdentityGrain")]
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>Claims the identity for <paramref name="user"/>. Granted if unclaimed or already theirs;
    /// refused, naming the owner, if another user holds it.</summary>
    [Alias("Claim")]
    Task<IdentityClaim> ClaimAsync(UserId user);

    [Alias("GetOwner")]
    Task<UserId?> GetOwnerAsync();
}
