namespace Faucet.Settlement;

[GenerateSerializer, Alias("faucet.RoundStatus")]
public enum RoundStatus
{
    NotStarted,

    /// <summary>Players chosen and ordered; payouts being started from the cursor on.</summary>
    Paying,

    Done,

    /// <summary>Nothing was paid, for the reason the round records (the operator wallet below its floor).</summary>
    Skipped,
}
