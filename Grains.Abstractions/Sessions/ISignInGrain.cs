using Faucet.Players;

namespace Faucet.Sessions;

/// <summary>
/// One sign-in (key: its id, the refresh token family). Each refresh consumes the presented token and issues the
/// family's next one; a consumed token presented again was copied by someone, so the whole family is ended, the
/// thief's tokens and the player's alike, and that is audited.
/// </summary>
[Alias("faucet.ISignInGrain")]
public interface ISignInGrain : IGrainWithGuidKey
{
    /// <summary>Begins the family; its first refresh token.</summary>
    [Alias("Start")]
    Task<string> StartAsync(UserId user);

    [Alias("Rotate")]
    Task<RefreshOutcome> RotateAsync(string refreshToken);

    /// <summary>Ends the sign-in: every token of the family, and any issued while this runs, stops working.</summary>
    [Alias("End")]
    Task EndAsync();
}
