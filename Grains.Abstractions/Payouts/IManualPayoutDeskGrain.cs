namespace Faucet.Payouts;

/// <summary>
/// Where manual payout requests are made and listed (key 0). A new request is checked against the player (known, with
/// a wallet, not banned) and the approval threshold, recorded and audited, and then handed to its
/// <see cref="IManualPayoutGrain"/>, which pays it at once when the requester's word is enough.
/// </summary>
[Alias("faucet.IManualPayoutDeskGrain")]
public interface IManualPayoutDeskGrain : IGrainWithIntegerKey
{
    /// <summary>Makes the request, or answers the one made under the same key before (its outcome says whether this call
    /// created it).</summary>
    [Alias("Request")]
    Task<ManualPayoutOutcome> RequestAsync(ManualPayoutAsk ask);

    /// <summary>Newest first, by status, before the request number <paramref name="before"/> when given.</summary>
    [Alias("List")]
    Task<IReadOnlyList<ManualPayoutRequest>> ListAsync(string? status, long? before, int limit);
}
