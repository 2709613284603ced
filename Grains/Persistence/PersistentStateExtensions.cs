namespace Faucet.Persistence;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, the activation is retired before it handles another call. A failed
    /// write may or may not have reached the database (a timeout), so the state in memory can no longer be
    /// trusted: the next activation reads whatever was really stored, and the caller's retry decides again.
    /// </summary>
    public static async Task WriteOrRetireAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
