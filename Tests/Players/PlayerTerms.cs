using Faucet.Players;

namespace Faucet.Tests.Players;

/// <summary>Players accepting the terms, as sign-up asks them to, so that tests about something else may buy and pull.</summary>
internal static class PlayerTerms
{
    /// <summary>The player accepts the version the silo asks for now and confirms the minimum age.</summary>
    public static async Task AcceptAsync(IGrainFactory grains, string user)
    {
        var player = grains.GetGrain<IPlayerGrain>(user);
        var asked = await player.GetTermsAsync();
        var answer = await player.AcceptTermsAsync(asked.Version, ageConfirmed: true);
        Assert.True(answer.Standing.Satisfied, $"{user} could not accept the terms: {answer.Status}");
    }
}
