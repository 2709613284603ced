namespace Faucet.Account;

/// <summary>A player's status in one call (keyed by user id), so the front end asks one grain and computes nothing.</summary>
[Alias("faucet.IAccountStatusGrain")]
public interface IAccountStatusGrain : IGrainWithStringKey
{
    /// <summary>Null when there is no such player.</summary>
    [Alias("Get")]
    Task<AccountStatus?> GetAsync();
}
