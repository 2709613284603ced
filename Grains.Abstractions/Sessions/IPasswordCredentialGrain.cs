namespace Faucet.Sessions;

/// <summary>
/// The password of one e-mail address (key: the address in its canonical, lower-case form). The Argon2id hash never
/// leaves it: a password is checked here, in constant time, and an address with no credential costs a full hash too.
/// </summary>
[Alias("faucet.IPasswordCredentialGrain")]
public interface IPasswordCredentialGrain : IGrainWithStringKey
{
    /// <summary>Creates a player with this e-mail and password and signs them in; EmailTaken when the address is anyone's.
    /// Without a <paramref name="displayName"/>, the player is named after the e-mail's local part. Spends
    /// <paramref name="proof"/> when <c>sessions.signup_proof_of_work</c> asks for one.</summary>
    [Alias("RegisterWithProof")]
    Task<PasswordSignIn> RegisterAsync(string password, string? displayName, SignUpProof? proof);

    [Alias("SignIn")]
    Task<PasswordSignIn> SignInAsync(string password);

    /// <summary>Audits that sign-ins were stopped for guessing: by "account" (this address) or "address" (the client's,
    /// given only as a keyed hash).</summary>
    [Alias("RecordThrottled")]
    Task RecordThrottledAsync(string by, string? clientHash);
}
