namespace Faucet.Sessions;

[GenerateSerializer, Alias("faucet.PasswordSignInStatus")]
public enum PasswordSignInStatus
{
    SignedIn,

    /// <summary>One answer for an unknown e-mail and a wrong password, given after the same work.</summary>
    WrongCredentials,

    EmailTaken,
}
