namespace Faucet.Clicker;

/// <param name="ClientNonce">Chosen by the client for this click; sending the click again with it is safe.</param>
/// <param name="IpHash">A keyed hash of the client's address (never the address).</param>
/// <param name="AgentHash">A keyed hash of the client's user agent (never the user agent).</param>
[GenerateSerializer, Immutable, Alias("faucet.ClickRequest")]
public sealed record ClickRequest(
    [property: Id(0)] string ClientNonce,
    [property: Id(1)] string? IpHash,
    [property: Id(2)] string? AgentHash)
{
    public const int MaxNonceLength = 64;

    /// <summary>Why <paramref name="nonce"/> cannot be a client nonce, or null if it can: 1 to 64 printable ASCII
    /// characters.</summary>
    public static string? NonceProblem(string? nonce) =>
        string.IsNullOrEmpty(nonce) ? "clientNonce is required: a string the client picks for each click (e.g. a UUID)"
        : nonce.Length > MaxNonceLength ? $"clientNonce is {nonce.Length} characters long; at most {MaxNonceLength} are allowed"
        : nonce.Any(c => c is < '!' or > '~') ? "clientNonce may hold printable ASCII characters only, without spaces"
        : null;
}
