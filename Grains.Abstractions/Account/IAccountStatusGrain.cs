namespace Faucet.Account;

/// <summary>A player's status in one call (key 0), so the front end asks one grain and computes nothing.</summary>
[Alias("faucet.IAccountStatusGrain")]
public interface IAccountStatusGrain : IGrainWithIntegerKey
{
    /// <summary>Null when there is no such player.</summary>
    [Alias("Get")]
    Task<AccountStatus?> GetAsync(string userId);
}
