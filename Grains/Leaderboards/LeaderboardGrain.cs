using System.Globalization;
using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Money;
using Faucet.Players;
using Faucet.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Faucet.Leaderboards;

/// <summary>
/// One leaderboard, implicitly subscribed to its stream in the <c>leaderboard</c> namespace: the <c>ban</c> board
/// adds up payouts sent, the <c>clicks</c> board keeps the highest click counts each player reported. It starts from
/// the tables when it activates (a payout the snapshot already holds is not added again) and announces its top then.
/// </summary>
[ImplicitStreamSubscription(FeedStreams.LeaderboardNamespace)]
public sealed partial class LeaderboardGrain(
    ILeaderboardStore store,
    PayoutOptions payout,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<LeaderboardGrain> logger) : Grain, ILeaderboardGrain, IStreamSubscriptionObserver
{
    private static readonly TimeSpan PushEvery = TimeSpan.FromSeconds(1);

    private readonly CapPolicy calendar = CapPolicy.From(payout);
    private readonly Dictionary<string, string?> names = new(StringComparer.Ordinal);
    private readonly Dictionary<LeaderboardWindow, IReadOnlyList<LeaderboardEntry>> pushed = [];
    private LeaderboardScores scores = null!;

    private string Board => this.GetPrimaryKeyString();

    private OneShotTimer Push => field ??= new(this, "leaderboard push", PushAsync, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var windows = calendar.WindowsAt(time.GetUtcNow());
        var snapshot = await store.LoadAsync(Board, windows.DayStart, windows.WeekStart, cancellationToken);
        scores = new LeaderboardScores(windows);
        scores.Load(snapshot.Scores, snapshot.Through, snapshot.CountedNear);
        // Whatever woke the board may be in the snapshot already: the top is announced as it stands.
        SchedulePush();
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<object>().ResumeAsync(OnEventAsync);

    public async Task<LeaderboardView> GetTopAsync(LeaderboardWindow window, int limit)
    {
        scores.Roll(calendar.WindowsAt(time.GetUtcNow()));
        return await ViewAsync(window, Math.Clamp(limit, 1, ILeaderboardGrain.MaxLimit));
    }

    private Task OnEventAsync(object item, StreamSequenceToken? token)
    {
        scores.Roll(calendar.WindowsAt(time.GetUtcNow()));
        switch (item)
        {
            case PayoutSentEvent sent when Board == Boards.Ban:
                if (!scores.AddPayout(sent.PayoutId, sent.UserId, sent.SentAt, sent.Amount.Raw))
                {
                    return Task.CompletedTask;
                }
                break;
            case ClickCountsEvent clicks when Board == Boards.Clicks:
                scores.Raise(clicks.UserId, clicks.Counts);
                break;
            default:
                return Task.CompletedTask;
        }
        SchedulePush();
        return Task.CompletedTask;
    }

    private void SchedulePush() => Push.Schedule(PushEvery);

    /// <summary>Announces each window whose top changed since it was last announced.</summary>
    private async Task PushAsync()
    {
        try
        {
            var feed = this.GetStreamProvider(FeedStreams.ProviderName)
                .GetStream<LeaderboardChangedEvent>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey));
            foreach (var window in Enum.GetValues<LeaderboardWindow>())
            {
                var top = await ViewAsync(window, ILeaderboardGrain.PushedTop);
                if (pushed.TryGetValue(window, out var last) && last.SequenceEqual(top.Entries))
                {
                    continue;
                }
                await feed.OnNextAsync(new LeaderboardChangedEvent(top));
                pushed[window] = top.Entries;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPushFailed(logger, Board, e);
        }
    }

    private async Task<LeaderboardView> ViewAsync(LeaderboardWindow window, int limit)
    {
        var top = scores.Top(window, limit);
        var unknown = top.Select(t => t.UserId).Where(u => !names.ContainsKey(u)).ToList();
        var profiles = await Task.WhenAll(unknown.Select(u => GrainFactory.GetGrain<IPlayerGrain>(u).GetProfileAsync()));
        for (var i = 0; i < unknown.Count; i++)
        {
            names[unknown[i]] = profiles[i]?.DisplayName;
        }
        var entries = top.Select((t, i) => new LeaderboardEntry(i + 1, t.UserId, names[t.UserId], Score(t.Score))).ToList();
        return new LeaderboardView(Board, window, scores.StartOf(window), entries);
    }

    private string Score(UInt128 score) => Board == Boards.Ban ? BanAmount.FromRaw(score).ToString() : score.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The top of leaderboard {Board} was not announced")]
    private static partial void LogPushFailed(ILogger logger, string board, Exception exception);
}
