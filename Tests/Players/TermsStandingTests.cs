using Faucet.Players;

namespace Faucet.Tests.Players;

/// <summary>The rule every grain that takes a player's money asks: has the player accepted what is asked now?</summary>
public sealed class TermsStandingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("v2", 18, null, false, 0, false)]          // never accepted
    [InlineData("v2", 18, "v1", true, 18, false)]         // an older version
    [InlineData("v2", 18, "v2", false, 0, false)]         // accepted without confirming an age
    [InlineData("v2", 21, "v2", true, 18, false)]         // the operator raised the age since
    [InlineData("v2", 18, "v2", true, 18, true)]
    [InlineData("v2", 16, "v2", true, 18, true)]          // an age confirmed above what is asked now
    [InlineData("v2", 0, null, false, 0, true)]           // no gate: nothing is asked
    public void A_player_may_pay_only_with_the_current_version_and_the_age_asked_now(
        string version, int minimumAge, string? acceptedVersion, bool ageConfirmed, int ageAsked, bool satisfied)
    {
        var accepted = acceptedVersion is null ? null : new TermsAcceptance(acceptedVersion, At, ageConfirmed, ageAsked);

        Assert.Equal(satisfied, new TermsStanding(version, minimumAge, accepted).Satisfied);
    }
}
