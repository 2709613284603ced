namespace Faucet.Sessions;

/// <summary>
/// Sign-in with Discord (key 0): where to send the browser to approve, and the player behind the code Discord sends
/// back, who must be a member of the faucet's Discord server (a new player on the Discord account's first sign-in).
/// </summary>
[Alias("faucet.IDiscordSignInGrain")]
public interface IDiscordSignInGrain : IGrainWithIntegerKey
{
    /// <summary>The approval page's address, carrying <paramref name="state"/> back to the callback.</summary>
    [Alias("AuthorizeUrl")]
    Task<string> AuthorizeUrlAsync(string state);

    [Alias("SignInWithProof")]
    Task<DiscordSignIn> SignInAsync(string code, SignUpProof? proof);
}
