namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityJobState")]
public sealed class VanityJobState
{
    [Id(0)] public string? OwnerId { get; set; }
    [Id(1)] public VanityRequest? Request { get; set; }
    [Id(2)] public long Price { get; set; }
    [Id(3)] public double ExpectedAttempts { get; set; }
    [Id(4)] public long Attempts { get; set; }
    [Id(5)] public VanityJobStatus Status { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? EndedAt { get; set; }
    [Id(8)] public string? Did { get; set; }
    [Id(9)] public byte[]? Nonce { get; set; }
    [Id(10)] public byte[]? SealedSeed { get; set; }
    [Id(11)] public long Refunded { get; set; }

    /// <summary>The player's account channel and the webhook endpoints were told the key was found. Set only after
    /// both were told, so a job stored as found but not yet announced (a crash in between) is announced by its
    /// reminder; once set, a reactivation announces nothing again.</summary>
    [Id(12)] public bool Announced { get; set; }
}
