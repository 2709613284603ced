namespace Faucet.Donations;

/// <summary>The <c>donations</c> table, for the Donations grain.</summary>
public interface IDonationStore
{
    /// <summary>Every donation recorded, oldest first.</summary>
    Task<IReadOnlyList<Donation>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Inserts each donation unless its send block is recorded already; returns every one of them as the table
    /// has it (one recorded before keeps the date it was recorded with).</summary>
    Task<IReadOnlyList<Donation>> RecordAsync(string address, IReadOnlyList<Donation> donations, CancellationToken cancellationToken);
}
