using Faucet.Configuration;
using Faucet.Integrations.Discord;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Sessions;

public static class DiscordSignInServiceCollectionExtensions
{
    /// <summary>What Discord sign-in needs in a silo: Discord itself (live or simulated) and the store of its states.</summary>
    public static IServiceCollection AddDiscordSignIn(this IServiceCollection services, DiscordOptions options)
    {
        services.AddSingleton<IOAuthStateStore, PostgresOAuthStateStore>();
        return services.AddDiscordOAuth(options);
    }
}
