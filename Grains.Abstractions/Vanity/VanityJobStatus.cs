namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityJobStatus")]
public enum VanityJobStatus
{
    Running,

    /// <summary>A key with every part was found; its private key is sealed and the owner can read it.</summary>
    Found,

    /// <summary>Cancelled by its owner; the refund rule gave back part of the escrow.</summary>
    Cancelled,

    /// <summary>Stored, its price not yet held: a start cut short here is finished by the job's reminder.</summary>
    Starting,
}
