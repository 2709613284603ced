using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Api;

/// <summary>The proof of work a new player brings (ALTCHA's protocol), through the Api on a running silo: asked at
/// registration, checked to the last digit, spent once across Api processes, and off when the operator says so.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SignUpProofTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RegisterAsync(HttpClient http, string email, string? proof)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "long enough password", proof });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<JsonElement> ChallengeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/api/v1/auth/proof-of-work");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_registration_needs_a_solved_challenge_and_a_solution_sent_again_to_another_api_process_is_refused()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var otherApi = await cluster.StartApiAsync();

        var challenge = await ChallengeAsync(api.Http);
        var solution = ProofOfWork.Solve(challenge);
        var without = await RegisterAsync(api.Http, "first@example.org", proof: null);
        var solved = await RegisterAsync(api.Http, "first@example.org", solution);
        var replayed = await RegisterAsync(otherApi.Http, "second@example.org", solution);
        var fresh = await RegisterAsync(otherApi.Http, "second@example.org", await ProofOfWork.SolveAsync(otherApi.Http));

        Assert.Equal(("SHA-256", 100_000, 64), (challenge.GetProperty("algorithm").GetString(), challenge.GetProperty("maxnumber").GetInt32(), challenge.GetProperty("signature").GetString()!.Length));
        Assert.Equal((HttpStatusCode.BadRequest, "Proof of work needed"), (without.Status, without.Body.GetProperty("title").GetString()));
        Assert.Contains("GET /api/v1/auth/proof-of-work", without.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (solved.Status, fresh.Status));
        Assert.Equal((HttpStatusCode.BadRequest, "Proof of work already used"), (replayed.Status, replayed.Body.GetProperty("title").GetString()));
        Assert.Equal("2", await cluster.ScalarAsync("SELECT count(*) FROM password_credentials"));
    }

    [Fact]
    public async Task A_wrong_number_a_forged_signature_a_stretched_expiry_an_expired_challenge_or_garbage_is_a_400_that_says_what_and_makes_nobody()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        var challenge = await ChallengeAsync(api.Http);
        var number = ProofOfWork.NumberOf(challenge);
        var salt = challenge.GetProperty("salt").GetString()!;
        // Only the hash of salt and number is signed: moving the number's first digit onto the salt keeps the hash and
        // the signature, and makes the expiry ten times later.
        var spliced = number >= 10 ? ProofOfWork.Answer(challenge, long.Parse(number.ToString(System.Globalization.CultureInfo.InvariantCulture)[1..], System.Globalization.CultureInfo.InvariantCulture), salt + number.ToString(System.Globalization.CultureInfo.InvariantCulture)[0]) : null;
        var forged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Convert.FromBase64String(ProofOfWork.Solve(challenge)))!;
        forged["signature"] = JsonSerializer.SerializeToElement(new string('0', 64));
        var expiredSalt = salt[..^10] + DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var cases = new (string Proof, string Says)[]
        {
            (ProofOfWork.Answer(challenge, number + 1), "does not solve its challenge"),
            (Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(forged)), "not signed by this faucet"),
            (ProofOfWork.Answer(challenge, number, expiredSalt), "has expired"),
            ("not base64!", "is not a solution"),
            (Convert.ToBase64String("{\"algorithm\":\"SHA-512\"}"u8.ToArray()), "is not a solution"),
            // What the widget sends in its own test mode, which solves nothing.
            (Convert.ToBase64String("{\"challenge\":null,\"solution\":null,\"test\":true}"u8.ToArray()), "is not a solution"),
        };
        foreach (var (proof, says) in cases.Concat(spliced is null ? [] : [(spliced, "is not a solution")]))
        {
            var (status, problem) = await RegisterAsync(api.Http, "nobody@example.org", proof);
            Assert.Equal((HttpStatusCode.BadRequest, "Invalid proof"), (status, problem.GetProperty("title").GetString()));
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM password_credentials"));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM signup_proofs"));
    }

    [Fact]
    public async Task A_wallet_challenge_says_when_a_proof_is_needed_and_a_returning_key_needs_none()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = SignInTests.NewKey();
        async Task<JsonElement> WalletChallengeAsync()
        {
            using var response = await api.Http.PostAsJsonAsync("/api/v1/auth/challenge", new { did = SignInTests.DidOf(key) });
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        async Task<HttpResponseMessage> VerifyAsync(JsonElement challenge, string? proof) =>
            await api.Http.PostAsJsonAsync("/api/v1/auth/verify", new
            {
                nonce = challenge.GetProperty("nonce").GetString(),
                signature = Convert.ToBase64String(NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, System.Text.Encoding.UTF8.GetBytes(challenge.GetProperty("message").GetString()!))),
                proof,
            });

        var first = await WalletChallengeAsync();
        using var refused = await VerifyAsync(first, proof: null);
        var second = await WalletChallengeAsync();
        using var signedUp = await VerifyAsync(second, await ProofOfWork.SolveAsync(api.Http));
        var third = await WalletChallengeAsync();
        using var returning = await VerifyAsync(third, proof: null);

        Assert.Equal((true, true, false), (first.GetProperty("proofOfWorkNeeded").GetBoolean(), second.GetProperty("proofOfWorkNeeded").GetBoolean(), third.GetProperty("proofOfWorkNeeded").GetBoolean()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Proof of work needed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (signedUp.StatusCode, returning.StatusCode));
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM players"));
    }

    [Fact]
    public async Task With_proof_of_work_set_to_zero_there_is_no_challenge_and_players_register_without_one()
    {
        await using var silo = await cluster.StartSiloAsync(extra: ["--FAUCET_SIGNUP_PROOF_OF_WORK=0"]);
        await using var api = await cluster.StartApiAsync("--FAUCET_SIGNUP_PROOF_OF_WORK=0");

        using var challenge = await api.Http.GetAsync("/api/v1/auth/proof-of-work");
        var registered = await RegisterAsync(api.Http, "free@example.org", proof: null);

        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
    }
}
