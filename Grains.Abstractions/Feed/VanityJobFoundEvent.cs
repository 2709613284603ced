using Faucet.Vanity;

namespace Faucet.Feed;

/// <summary>A player's guaranteed vanity job found its key (<c>type: vanity</c> on their <c>account:&lt;id&gt;</c>
/// channel). It names the job, the pattern and the public did:key; the private key stays sealed in the job, for
/// <c>GET /api/v1/vanity/jobs/{id}/result</c>. <see cref="Status"/> is always <see cref="VanityJobStatus.Found"/>, so a
/// client reads the frame the way it reads the job.</summary>
[GenerateSerializer, Immutable, Alias("faucet.VanityJobFoundEvent")]
public sealed record VanityJobFoundEvent(
    [property: Id(0)] string JobId,
    [property: Id(1)] string UserId,
    [property: Id(2)] VanityRequest Request,
    [property: Id(3)] VanityJobStatus Status,
    [property: Id(4)] string Did,
    [property: Id(5)] DateTimeOffset FoundAt);
