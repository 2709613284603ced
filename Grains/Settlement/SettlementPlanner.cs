using Faucet.Configuration;

namespace Faucet.Settlement;

/// <summary>Who a round pays, and in what order. With <c>batch_size</c> set, a random order makes the choice of
/// players random too, not only their order.</summary>
public static class SettlementPlanner
{
    public static IReadOnlyList<string> Plan(IEnumerable<string> candidates, SettlementOrder order, int seed, int batchSize)
    {
        // Sorted first, so that the same candidates and seed always give the same plan, however the database
        // happened to return them.
        var users = candidates.Order(StringComparer.Ordinal).ToArray();
        if (order == SettlementOrder.Random)
        {
            new Random(seed).Shuffle(users);
        }
        return batchSize > 0 && users.Length > batchSize ? users[..batchSize] : users;
    }
}
