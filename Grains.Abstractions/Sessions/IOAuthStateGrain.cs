namespace Faucet.Sessions;

/// <summary>
/// One Discord sign-in state (key: the hex SHA-256 of the state handed to Discord), where the browser goes after the
/// sign-in. It is consumed by the first callback that brings it back, so a state Discord sent back twice signs in once.
/// The front end signs the state and checks its browser cookie; this grain only holds it and uses it up.
/// </summary>
[Alias("faucet.IOAuthStateGrain")]
public interface IOAuthStateGrain : IGrainWithStringKey
{
    [Alias("Issue")]
    Task IssueAsync(string returnTo, DateTimeOffset expiresAt);

    /// <summary>Uses the state up: where to go after, or null when it is unknown, used already or expired.</summary>
    [Alias("Consume")]
    Task<string?> ConsumeAsync();
}
