namespace Faucet.Persistence;

public static class ReminderExtensions
{
    /// <summary>Unregisters the grain's reminder of that name, if it has one.</summary>
    public static async Task ForgetReminderAsync(this IGrainBase grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
