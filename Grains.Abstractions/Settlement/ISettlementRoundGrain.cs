using Orleans.Concurrency;

namespace Faucet.Settlement;

/// <summary>
/// One numbered settlement round: checks the operator wallet against its floor, chooses and orders the players
/// with something pending (a seeded shuffle), and starts a payout for each under the caps. Its cursor is stored
/// as it goes, and every step is idempotent, so a round interrupted by a crash resumes where it stopped and
/// pays nobody twice.
/// </summary>
[Alias("faucet.ISettlementRoundGrain")]
public interface ISettlementRoundGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the round, or nudges it on if it is under way; returns at once, the round pays in the background.</summary>
    [Alias("Start")]
    Task<RoundView> StartAsync();

    /// <summary>Answers between the round's turns of work, not after them.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<RoundView> GetAsync();
}
