namespace Faucet.Settlement;

[GenerateSerializer, Alias("faucet.SettlementSchedulerState")]
public sealed class SettlementSchedulerState
{
    [Id(0)] public long LastRound { get; set; }
    [Id(1)] public DateTimeOffset? NextRunAt { get; set; }

    /// <summary>The interval the reminder was registered with, so a changed <c>scheduler_minutes</c> re-registers it.</summary>
    [Id(2)] public int ReminderMinutes { get; set; }
}
