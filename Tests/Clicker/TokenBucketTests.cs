using Faucet.Clicker;

namespace Faucet.Tests.Clicker;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_bucket_allows_its_burst_then_says_when_the_next_token_comes()
    {
        var bucket = new TokenBucket(capacity: 20, refillPerSecond: 5, Start);

        var burst = Enumerable.Range(0, 20).Count(i => bucket.TryTake(Start, out _));
        var refused = bucket.TryTake(Start, out var next);

        Assert.Equal(20, burst);
        Assert.False(refused);
        Assert.Equal(Start + TimeSpan.FromMilliseconds(200), next);
    }

    [Fact]
    public void An_empty_bucket_refills_at_its_rate_and_never_beyond_its_capacity()
    {
        var bucket = new TokenBucket(capacity: 20, refillPerSecond: 5, Start);
        for (var i = 0; i < 20; i++)
        {
            bucket.TryTake(Start, out _);
        }

        var afterOneSecond = Start.AddSeconds(1);
        var sustained = Enumerable.Range(0, 10).Count(i => bucket.TryTake(afterOneSecond, out _));
        var muchLater = afterOneSecond.AddHours(1);
        var burstAgain = Enumerable.Range(0, 30).Count(i => bucket.TryTake(muchLater, out _));

        Assert.Equal(5, sustained);
        Assert.Equal(20, burstAgain);
    }

    [Fact]
    public void A_clock_that_steps_back_refills_nothing()
    {
        var bucket = new TokenBucket(capacity: 1, refillPerSecond: 1, Start);
        bucket.TryTake(Start, out _);

        Assert.False(bucket.TryTake(Start.AddSeconds(-30), out _));
        Assert.True(bucket.TryTake(Start.AddSeconds(1), out _));
    }
}
