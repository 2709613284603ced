using Faucet.Money;

namespace Faucet.Payouts;

[GenerateSerializer, Alias("faucet.PayoutState")]
public sealed class PayoutState
{
    [Id(0)] public PayoutRequest? Request { get; set; }
    [Id(1)] public PayoutStatus Status { get; set; }
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public BlockHash? Block { get; set; }
    [Id(4)] public string? LastError { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether the reward account has been told the outcome (commit or release of the round's reservation).</summary>
    [Id(7)] public bool Settled { get; set; }

    /// <summary>The status last written to the payouts table; when it lags <see cref="Status"/> it is written again.</summary>
    [Id(8)] public PayoutStatus? RecordedStatus { get; set; }

    /// <summary>Not before this is the next attempt made, unless an operator asks.</summary>
    [Id(9)] public DateTimeOffset? NextAttemptAt { get; set; }
}
