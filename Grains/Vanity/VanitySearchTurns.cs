using Faucet.Configuration;

namespace Faucet.Vanity;

/// <summary>
/// The turns of the gacha pulls at this silo's key search: one pull searches at a time. A pull's search already runs on
/// every core, so two at once would only share the cores, each taking twice as long, while the threads that answer every
/// other request got an ever smaller share of them (the search threads do not yield to them: thread priorities are not
/// honoured on Linux). Waiting pulls go in the order they came. A pull that has not had its turn within
/// <c>vanity.pull_wait_seconds</c> is told the search is busy before anything is charged, rather than waiting out the
/// call's timeout behind a queue that will not get shorter.
/// </summary>
public sealed class VanitySearchTurns(IntegrationsOptions integrations) : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly TimeSpan wait = TimeSpan.FromSeconds(integrations.Vanity.PullWaitSeconds);

    /// <summary>The turn, to dispose when the search is done; null when it did not come within the wait.</summary>
    public async Task<IDisposable?> TakeAsync() => await turn.WaitAsync(wait) ? new Turn(turn) : null;

    public void Dispose() => turn.Dispose();

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref given, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
