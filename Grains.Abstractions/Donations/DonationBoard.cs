using Faucet.Money;

namespace Faucet.Donations;

/// <summary>
/// The donors board: the donation address, this week's and all-time totals and donors (most first), the latest
/// donations, the milestone this week has reached and the next one. <see cref="CheckedAt"/> is when the node last
/// answered; <see cref="NodeFailingSince"/> is set while it does not, and the board waits for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("faucet.DonationBoard")]
public sealed record DonationBoard(
    [property: Id(0)] string Address,
    [property: Id(1)] DateTimeOffset WeekStartedAt,
    [property: Id(2)] DateTimeOffset WeekEndsAt,
    [property: Id(3)] BanAmount ThisWeek,
    [property: Id(4)] BanAmount AllTime,
    [property: Id(5)] IReadOnlyList<DonorTotal> WeekDonors,
    [property: Id(6)] IReadOnlyList<DonorTotal> AllTimeDonors,
    [property: Id(7)] IReadOnlyList<Donation> Recent,
    [property: Id(8)] DonationMilestone? MilestoneReached,
    [property: Id(9)] DonationMilestone? NextMilestone,
    [property: Id(10)] DateTimeOffset? CheckedAt,
    [property: Id(11)] DateTimeOffset? NodeFailingSince);
