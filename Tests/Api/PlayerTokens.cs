using Faucet.Api.Features.Sessions;
using Faucet.Configuration;
using Faucet.Players;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faucet.Tests.Api;

/// <summary>Access tokens as the Api under test signs them (same key), for calling player endpoints.</summary>
internal static class PlayerTokens
{
    public static AccessTokens Issuer(string key = FaucetProcessArgs.SessionKey, TimeProvider? clock = null) => new(
        new IntegrationsOptions { Sessions = new SessionOptions { SigningKeys = [key] } }, clock ?? TimeProvider.System, NullLogger<AccessTokens>.Instance);

    public static string For(string user) => Issuer().Issue(UserId.Parse(user), ["player"]);
}
