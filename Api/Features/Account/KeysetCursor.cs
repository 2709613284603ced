using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Faucet.Api.Features.Account;

/// <summary>Where a page of a list ordered by (time, id) ends, such as payouts by (created_at, payout_id): the pair of its
/// last item, written as URL-safe base64 of "ticks:id" so that clients treat it as opaque.</summary>
public sealed record KeysetCursor(DateTimeOffset At, string Id)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id}"));

    public static bool TryParse(string? text, out KeysetCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 512 || !Base64Url.IsValid(text))
        {
            return false;
        }
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1 || decoded.Any(char.IsControl)
            || !long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        cursor = new KeysetCursor(new DateTimeOffset(ticks, TimeSpan.Zero), decoded[(colon + 1)..]);
        return true;
    }
}
