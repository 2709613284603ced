using Faucet.Feed;
using Faucet.Money;

namespace Faucet.Api.Features.Live;

/// <summary>
/// A payout as <c>/ws</c> and <c>/api/v1/feed/recent</c> show it: the feed's event, and whether its block came from the
/// simulated node. The label is the deployment's (<c>banano.mode</c>), not a record of each payout: a payout keeps no
/// note of the node that confirmed it, the mode changes only with a restart, and a database the demo paid from is
/// never a live deployment's (README, the demo and a dry run).
/// </summary>
public sealed record FeedPayout(
    string PayoutId,
    string UserId,
    long Round,
    BananoAddress Destination,
    BanAmount Amount,
    BlockHash Block,
    DateTimeOffset SentAt,
    bool Simulated)
{
    public static FeedPayout From(PayoutSentEvent sent, bool simulated) =>
        new(sent.PayoutId, sent.UserId, sent.Round, sent.Destination, sent.Amount, sent.Block, sent.SentAt, simulated);
}
