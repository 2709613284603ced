using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Faucet.Api.Features.Account;

/// <summary>Where a page of payouts ends: the (created_at, payout_id) of its last payout, written as URL-safe
/// base64 of "ticks:id" so that clients treat it as opaque.</summary>
public sealed record PayoutCursor(DateTimeOffset CreatedAt, string PayoutId)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{PayoutId}"));

    public static bool TryParse(string? text, out PayoutCursor? cursor)
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
        cursor = new PayoutCursor(new DateTimeOffset(ticks, TimeSpan.Zero), decoded[(colon + 1)..]);
        return true;
    }
}
