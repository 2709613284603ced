namespace Faucet.Clicker;

/// <summary>The append-only click log (table <c>click_events</c>).</summary>
public interface IClickStore
{
    /// <summary>The player's click numbers and accepted-click counts since <paramref name="dayStart"/>,
    /// <paramref name="weekStart"/> and ever, with their <paramref name="recent"/> latest clicks.</summary>
    Task<ClickHistory> LoadAsync(string userId, DateTimeOffset dayStart, DateTimeOffset weekStart, int recent, CancellationToken cancellationToken);

    /// <summary>Records the click; null when it was recorded, or the click recorded earlier under the same client
    /// nonce (and this one is not).</summary>
    Task<ClickRecord?> AppendAsync(ClickRecord click, CancellationToken cancellationToken);
}
