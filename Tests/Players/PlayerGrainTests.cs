using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Players;

public sealed class PlayerGrainTests(InMemoryClusterFixture fixture) : IClassFixture<InMemoryClusterFixture>
{
    private static UserId NewUser() => UserId.New(TimeProvider.System);

    private static IdentityKey NewDiscordIdentity() =>
        IdentityKey.Parse("discord:" + Random.Shared.NextInt64(1_000_000_000_000, 9_000_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Accepting_the_terms_keeps_version_time_and_age_on_the_profile_and_only_the_current_version_with_the_age_is_taken()
    {
        var user = NewUser().Value;
        var player = fixture.Grains.GetGrain<IPlayerGrain>(user);
        var stranger = await fixture.Grains.GetGrain<IPlayerGrain>(NewUser().Value).AcceptTermsAsync("1", ageConfirmed: true);
        await player.CreateAsync("Ana", NewDiscordIdentity());
        var asked = await player.GetTermsAsync();

        var older = await player.AcceptTermsAsync("0", ageConfirmed: true);
        var underage = await player.AcceptTermsAsync(asked.Version, ageConfirmed: false);
        var accepted = await player.AcceptTermsAsync(asked.Version, ageConfirmed: true);
        var again = await player.AcceptTermsAsync(asked.Version, ageConfirmed: true);

        Assert.Equal(TermsAnswerStatus.NoSuchPlayer, stranger.Status);
        Assert.False(asked.Satisfied);
        Assert.Equal((TermsAnswerStatus.WrongVersion, TermsAnswerStatus.AgeNotConfirmed), (older.Status, underage.Status));
        Assert.Equal((TermsAnswerStatus.Accepted, TermsAnswerStatus.AlreadyAccepted), (accepted.Status, again.Status));
        var terms = (await player.GetProfileAsync())!.Terms!;
        Assert.Equal((asked.Version, true, asked.MinimumAge), (terms.Version, terms.AgeConfirmed, terms.MinimumAge));
        Assert.Equal(terms, again.Standing.Accepted);
        Assert.True((await player.GetTermsAsync()).Satisfied);
    }

    [Fact]
    public async Task A_player_that_was_never_created_has_no_profile()
    {
        Assert.Null(await fixture.Grains.GetGrain<IPlayerGrain>(NewUser().Value).GetProfileAsync());
    }

    [Fact]
    public async Task Creating_a_player_stores_the_profile_and_claims_the_first_identity()
    {
        var user = NewUser();
        var identity = NewDiscordIdentity();

        var creation = await fixture.Grains.GetGrain<IPlayerGrain>(user.Value).CreateAsync("  Ana  ", identity);

        Assert.Equal(PlayerCreationStatus.Created, creation.Status);
        var profile = await fixture.Grains.GetGrain<IPlayerGrain>(user.Value).GetProfileAsync();
        Assert.NotNull(profile);
        Assert.Equal(user, profile.Id);
        Assert.Equal("Ana", profile.DisplayName);
        Assert.Equal([identity], profile.Identities);
        Assert.Equal(user, await fixture.Grains.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync());
    }

    [Fact]
    public async Task Creating_the_same_player_again_returns_the_existing_profile_unchanged()
    {
        var user = NewUser();
        var player = fixture.Grains.GetGrain<IPlayerGrain>(user.Value);
        var first = await player.CreateAsync("Ana", NewDiscordIdentity());

        var second = await player.CreateAsync("Someone else", NewDiscordIdentity());

        Assert.Equal(PlayerCreationStatus.AlreadyExists, second.Status);
        Assert.Equivalent(first.Profile, second.Profile, strict: true);
    }

    [Fact]
    public async Task An_identity_held_by_one_user_is_refused_to_another_and_nothing_is_created()
    {
        var identity = NewDiscordIdentity();
        var owner = NewUser();
        var other = NewUser();
        await fixture.Grains.GetGrain<IPlayerGrain>(owner.Value).CreateAsync("Owner", identity);

        var refused = await fixture.Grains.GetGrain<IPlayerGrain>(other.Value).CreateAsync("Other", identity);

        Assert.Equal(PlayerCreationStatus.IdentityTaken, refused.Status);
        Assert.Equal(owner, refused.IdentityOwner);
        Assert.Null(await fixture.Grains.GetGrain<IPlayerGrain>(other.Value).GetProfileAsync());
        Assert.Equal(owner, await fixture.Grains.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a name that is far too long to be shown anywhere")]
    [InlineData("bell\u0007")]
    public async Task A_bad_display_name_is_refused_and_claims_nothing(string displayName)
    {
        var user = NewUser();
        var identity = NewDiscordIdentity();

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Grains.GetGrain<IPlayerGrain>(user.Value).CreateAsync(displayName, identity));

        Assert.Null(await fixture.Grains.GetGrain<IPlayerGrain>(user.Value).GetProfileAsync());
        Assert.Null(await fixture.Grains.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync());
    }

    [Fact]
    public async Task A_wallet_belongs_to_one_player()
    {
        var wallet = BananoAddress.FromPublicKey(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        var (owner, other) = (NewUser(), NewUser());
        await fixture.Grains.GetGrain<IPlayerGrain>(owner.Value).CreateAsync("Owner", NewDiscordIdentity());
        await fixture.Grains.GetGrain<IPlayerGrain>(other.Value).CreateAsync("Other", NewDiscordIdentity());

        Assert.Equal(WalletLinkStatus.NoSuchPlayer, await fixture.Grains.GetGrain<IPlayerGrain>(NewUser().Value).LinkWalletAsync(wallet));
        Assert.Equal(WalletLinkStatus.Linked, await fixture.Grains.GetGrain<IPlayerGrain>(owner.Value).LinkWalletAsync(wallet));
        Assert.Equal(WalletLinkStatus.AlreadyLinked, await fixture.Grains.GetGrain<IPlayerGrain>(owner.Value).LinkWalletAsync(wallet));
        Assert.Equal(WalletLinkStatus.TakenByAnotherPlayer, await fixture.Grains.GetGrain<IPlayerGrain>(other.Value).LinkWalletAsync(wallet));

        Assert.Equal(wallet, (await fixture.Grains.GetGrain<IPlayerGrain>(owner.Value).GetProfileAsync())!.Wallet);
        Assert.Null((await fixture.Grains.GetGrain<IPlayerGrain>(other.Value).GetProfileAsync())!.Wallet);
    }

    [Fact]
    public async Task Of_many_users_claiming_one_identity_at_once_exactly_one_wins()
    {
        var identity = fixture.Grains.GetGrain<IIdentityGrain>(NewDiscordIdentity().Value);
        var users = Enumerable.Range(0, 20).Select(_ => NewUser()).ToList();

        var claims = await Task.WhenAll(users.Select(identity.ClaimAsync));

        var winner = Assert.Single(claims, c => c.Granted);
        Assert.All(claims, c => Assert.Equal(winner.Owner, c.Owner));
        Assert.True((await identity.ClaimAsync(winner.Owner)).Granted, "the owner's repeated claim is granted again");
    }
}
