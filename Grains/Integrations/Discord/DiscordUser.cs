namespace Faucet.Integrations.Discord;

/// <param name="Id">The Discord user id (a snowflake).</param>
/// <param name="Name">The display name (global name, else user name).</param>
/// <param name="InGuild">Whether the user is a member of the configured guild.</param>
public sealed record DiscordUser(string Id, string Name, bool InGuild);
