using System.Security.Cryptography;
using System.Text;
using Faucet.Identities;
using Faucet.Sessions;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Vanity;
using NSec.Cryptography;

namespace Faucet.Tests.Sessions;

/// <summary>The sessions grains hold the single-use rules of a wallet challenge, a refresh token and a Discord sign-in
/// state themselves: these tests call them with no Api in between.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SignInGrainTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    /// <summary>A proof of work as the Api hands it to the grains once it has checked its hash and signature.</summary>
    private static SignUpProof AProof() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), DateTimeOffset.UtcNow.AddMinutes(10));

    [Fact]
    public async Task One_proof_of_work_makes_one_new_player_however_many_sign_ups_bring_it_at_once_and_a_returning_player_needs_none()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var desk = client.Client.GetGrain<ISignInDeskGrain>(0);
        var proof = AProof();
        var identities = Enumerable.Range(0, 4).Select(i => IdentityKey.Parse($"email:proof{i}@example.org")).ToList();

        var signUps = await Task.WhenAll(identities.Select(identity => desk.SignInAsync(identity, "racer", proof)));
        var withoutProof = await desk.SignInAsync(IdentityKey.Parse("email:noproof@example.org"), "late", null);
        var expired = await desk.SignInAsync(IdentityKey.Parse("email:expired@example.org"), "late", AProof() with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        var made = identities[Array.FindIndex(signUps, s => s.SignedIn is not null)];
        var returning = await desk.SignInAsync(made, "racer", null);

        Assert.Equal([SignUpProofVerdict.Accepted, SignUpProofVerdict.AlreadyUsed, SignUpProofVerdict.AlreadyUsed, SignUpProofVerdict.AlreadyUsed],
            signUps.Select(s => s.Proof).Order());
        Assert.Equal((SignUpProofVerdict.Missing, SignUpProofVerdict.Expired), (withoutProof.Proof, expired.Proof));
        Assert.Equal(signUps.Single(s => s.SignedIn is not null).SignedIn!.User, returning.SignedIn!.User);
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM players WHERE display_name = 'racer'"));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM players WHERE display_name = 'late'"));
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM signup_proofs WHERE challenge = '{proof.Challenge}'"));
    }

    [Fact]
    public async Task Two_concurrent_redemptions_of_one_wallet_challenge_sign_in_exactly_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        var did = IdentityKey.Parse(DidKey.FromPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        var challenge = await client.Client.GetGrain<ISignInDeskGrain>(0).ChallengeAsync(LiveNodeCluster.SignInDomain, did);
        var signature = SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(challenge!.Message));
        var grain = client.Client.GetGrain<IWalletChallengeGrain>(challenge.Nonce);

        var proof = AProof();
        var redemptions = await Task.WhenAll(grain.SignInAsync(signature, proof), grain.SignInAsync(signature, proof));

        Assert.Equal([WalletSignInStatus.SignedIn, WalletSignInStatus.NoChallenge], redemptions.Select(r => r.Status).Order());
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM refresh_families"));
    }

    [Fact]
    public async Task Two_concurrent_callbacks_with_one_Discord_sign_in_state_get_its_return_address_exactly_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var state = client.Client.GetGrain<IOAuthStateGrain>(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        await state.IssueAsync("/play", DateTimeOffset.UtcNow.AddMinutes(10));

        var consumptions = await Task.WhenAll(state.ConsumeAsync(), state.ConsumeAsync());

        Assert.Equal([null, "/play"], consumptions.Order());
        Assert.Null(await state.ConsumeAsync());
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM oauth_states WHERE consumed_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_refresh_token_rotated_twice_at_once_rotates_once_and_the_second_ends_the_sign_in_and_is_audited()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var desk = client.Client.GetGrain<ISignInDeskGrain>(0);
        var signIn = (await desk.SignInAsync(IdentityKey.Parse("email:ana@example.org"), "ana", AProof())).SignedIn!;

        var rotations = await Task.WhenAll(desk.RefreshAsync(signIn.RefreshToken), desk.RefreshAsync(signIn.RefreshToken));

        Assert.Equal([RefreshStatus.Rotated, RefreshStatus.Reused], rotations.Select(r => r.Status).Order());
        var next = rotations.Single(r => r.Status == RefreshStatus.Rotated).Token!;
        Assert.Equal(RefreshStatus.Invalid, (await desk.RefreshAsync(next)).Status);
        Assert.Contains(await desk.EndedWithinAsync(TimeSpan.FromMinutes(5)), ended => ended.Session == signIn.Session);
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'session.refresh_reused' AND subject = '{signIn.User.Value}'"));
    }
}
