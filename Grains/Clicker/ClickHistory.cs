namespace Faucet.Clicker;

/// <summary>What a Clicker grain reads when it activates.</summary>
/// <param name="LastSeq">The player's latest click number (0: none).</param>
/// <param name="AccruedThrough">Accepted clicks up to this number are in the reward journal.</param>
/// <param name="Recent">The latest clicks, newest first, to answer repeated nonces from memory.</param>
public sealed record ClickHistory(long LastSeq, long AccruedThrough, long Today, long ThisWeek, long AllTime, IReadOnlyList<ClickRecord> Recent)
{
    /// <summary>Whether accepted clicks wait to be accrued (there are clicks after the accrued ones; whether any of
    /// them was accepted, accruing finds out).</summary>
    public bool MayHaveUnaccrued => LastSeq > AccruedThrough;
}
