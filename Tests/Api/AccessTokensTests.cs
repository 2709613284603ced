using Faucet.Api.Features.Sessions;
using Faucet.Players;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Api;

/// <summary>The Api remembers the tokens it has verified; what it remembers must refuse what verifying would.</summary>
public sealed class AccessTokensTests
{
    [Fact]
    public async Task A_token_accepted_before_is_refused_once_it_has_expired()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow, runs: false);
        var tokens = PlayerTokens.Issuer(clock: clock);
        var user = UserId.New(TimeProvider.System);
        var token = tokens.Issue(user, ["player"]);

        var (accepted, _) = await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName);
        var (again, _) = await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName);
        // The same 30 seconds of grace as the first check: a token is good up to its end plus that.
        clock.Set(clock.GetUtcNow() + tokens.Lifetime + TimeSpan.FromSeconds(29));
        var (inGrace, _) = await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName);
        clock.Set(clock.GetUtcNow() + TimeSpan.FromSeconds(2));
        var (expired, problem) = await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName);

        Assert.Equal(user.Value, accepted?.Name);
        Assert.Equal(user.Value, again?.Name);
        Assert.Equal(user.Value, inGrace?.Name);
        Assert.Null(expired);
        Assert.Contains("expired", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_check_of_a_remembered_token_gets_an_identity_of_its_own_with_the_players_roles()
    {
        var tokens = PlayerTokens.Issuer();
        var token = tokens.Issue(UserId.New(TimeProvider.System), ["player", "admin"]);

        var (first, _) = await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName);
        first!.AddClaim(new System.Security.Claims.Claim("role", "operator"));
        var (second, _) = await tokens.ValidateAsync(token, PlayerAuthentication.BearerSchemeName);

        Assert.NotSame(first, second);
        Assert.Equal(PlayerAuthentication.BearerSchemeName, second!.AuthenticationType);
        Assert.Equal(["player", "admin"], second.FindAll("role").Select(c => c.Value));
    }

    [Fact]
    public async Task A_token_differing_by_one_character_from_one_accepted_is_verified_on_its_own_and_refused()
    {
        var tokens = PlayerTokens.Issuer();
        var token = tokens.Issue(UserId.New(TimeProvider.System), ["player"]);
        await tokens.ValidateAsync(token, PlayerAuthentication.SchemeName);
        var forged = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        var (identity, problem) = await tokens.ValidateAsync(forged, PlayerAuthentication.SchemeName);

        Assert.Null(identity);
        Assert.Equal("The access token is not valid.", problem);
    }
}
