using System.Text.Json;
using Faucet.Api.Features.Account;
using Faucet.Clicker;
using Faucet.Rewards;

namespace Faucet.Api.Features.Players;

/// <summary>Everything an operator looks at before acting on a player.</summary>
/// <param name="Region">The coarse region the player was last seen from, or "unknown".</param>
public sealed record AdminUserDetail(
    AdminUser User,
    EpicView EpicLink,
    RewardBalance Balance,
    ClickerView Clicker,
    IReadOnlyList<PayoutItem> RecentPayouts,
    IReadOnlyList<PlayerFlag> FlagHistory,
    string Region,
    bool AnalyticsOptOut);
