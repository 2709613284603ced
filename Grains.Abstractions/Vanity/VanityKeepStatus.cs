namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityKeepStatus")]
public enum VanityKeepStatus
{
    Kept,
    AlreadyKept,

    /// <summary>The key was not kept within the keep window (or the server restarted): it is gone for good.</summary>
    Gone,

    NoSuchPull,
}
