namespace Faucet.Feed;

/// <summary>The memory stream provider that carries the live feed from grains to every front-end process.</summary>
public static class FeedStreams
{
    public const string ProviderName = "feed";
}
