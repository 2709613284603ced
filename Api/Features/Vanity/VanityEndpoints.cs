using System.Globalization;
using System.Security.Claims;
using Faucet.Api.Features.Account;
using Faucet.Api.Features.Legal;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Json;
using Faucet.Players;
using Faucet.Vanity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Vanity;

/// <summary>Vanity did:keys: the odds of a pattern, gacha pulls, keeping a pulled key, and the player's history.</summary>
public static class VanityEndpoints
{
    public static IEndpointRouteBuilder MapVanityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var vanity = endpoints.MapGroup("/api/v1/vanity").WithTags("Vanity keys");

        vanity.MapPost("/odds", GetOddsAsync)
            .AcceptsJson<PatternBody>()
            .WithSummary("The exact odds of a pattern on one key: p(all parts), p(at least k), the expected, median and p99 attempts, and those in seconds at the cluster's measured search rate (once a pull or job has measured it).");

        vanity.MapPost("/pulls", PullKeyAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .AcceptsJson<PatternBody>()
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("A gacha pull (Idempotency-Key header required): {\"parts\": [\"ban\"], \"caseInsensitive\": true, \"fuzzy\": false}. Uses a free pull or the configured tokens, searches the configured candidates, and returns the best key with its private key, once. Keep it within the keep window to store it. A pull paid with tokens is refused (403) until the player has accepted the current terms and confirmed the minimum age (POST /api/v1/me/terms); a free pull is not. A server searches for one pull at a time: a pull that waited its turn too long is a 503 with Retry-After, and nothing was charged.");

        vanity.MapGet("/pulls", ListPullsAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The player's pulls, newest first.");

        vanity.MapGet("/pulls/{id}", GetPullAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One of the player's pulls; a kept one with its private key.");

        vanity.MapPost("/pulls/{id}/keep", KeepPullAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("Keeps a pulled key: its private key is sealed (XChaCha20-Poly1305) into the player's history.");

        vanity.MapPost("/jobs/quote", QuoteJobAsync)
            .AcceptsJson<PatternBody>()
            .WithSummary("The price of a guaranteed job for a pattern: its expected attempts × vanity_pricing.job_tokens_per_million_attempts × job_margin_percent.");

        vanity.MapPost("/jobs", StartJobAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .AcceptsJson<PatternBody>()
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Starts a guaranteed job (Idempotency-Key header required): escrows the quoted tokens and searches on every silo until a key shows every part; 403 until the player has accepted the current terms (POST /api/v1/me/terms). 202 when the job is stored but its price is not held yet: it starts (or, without the tokens, is dropped) by itself; follow its Location.");

        vanity.MapGet("/jobs", ListJobsAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The player's guaranteed jobs, newest first, each as GET /jobs/{id} shows it.");

        vanity.MapGet("/jobs/{id}", GetJobAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A job: status, attempts, keys per second across the cluster, and the expected time to a match.");

        vanity.MapDelete("/jobs/{id}", CancelJobAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels a running job. Refund rule: the share of the price its attempts have not used, floor(price × (1 − attempts / expected attempts)).");

        vanity.MapGet("/jobs/{id}/result", GetJobResultAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("The found key of a job (its owner only): JWK, PKCS#8 PEM and hex seed.");

        return endpoints;
    }

    private static async Task<Results<Ok<OddsAnswer>, ProblemHttpResult>> GetOddsAsync(HttpContext context, JsonBody json, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<PatternBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var quote = await Quotes(cluster).OddsAsync(RequestOf(body!));
        if (quote is not { Status: VanityQuoteStatus.Quoted, Odds: { } odds })
        {
            return Refused(quote);
        }
        var rate = quote.ClusterKeysPerSecond;
        return TypedResults.Ok(new OddsAnswer(odds, Math.Round(rate), Seconds(odds.ExpectedAttempts, rate), Seconds(odds.MedianAttempts, rate), Seconds(odds.P99Attempts, rate)));
    }

    private const int SearchBusyRetrySeconds = 5;

    private static async Task<Results<Created<PullAnswer>, Ok<PullAnswer>, ProblemHttpResult>> PullKeyAsync(
        HttpContext context, JsonBody json, ClaimsPrincipal principal, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<PatternBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var request = RequestOf(body!);
        var user = principal.Identity!.Name!;
        // With a key, a pull sent again is the same pull (paid once); without one, each request is a new pull.
        if (IdOf(context, user) is not { } pullId)
        {
            // A pattern that is not one is the first thing wrong with the request, key or no key.
            var quote = await Quotes(cluster).OddsAsync(request);
            return quote.Status == VanityQuoteStatus.InvalidPattern ? Refused(quote) : BadKey();
        }
        var outcome = await cluster.GetGrain<IVanityPullsGrain>(user).PullAsync(pullId, request);
        if (outcome.Status == VanityPullStatus.InvalidPattern)
        {
            return InvalidPattern(outcome.Problem!);
        }
        if (outcome.Status == VanityPullStatus.Busy)
        {
            context.Response.Headers.RetryAfter = SearchBusyRetrySeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Key search busy",
                detail: $"The key search is busy with other players' pulls; nothing was charged. Send the same pull again in {SearchBusyRetrySeconds} seconds.");
        }
        var balance = outcome.Balance!;
        return outcome.Status switch
        {
            VanityPullStatus.NotEnoughTokens => TypedResults.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Not enough tokens",
                detail: $"A pull costs tokens once today's free pulls are used; the balance is {balance.Tokens}. Buy a token package, or come back after {balance.FreePullsResetAt:u}."),
            VanityPullStatus.Conflict => ReusedKey(),
            VanityPullStatus.TermsNotAccepted => TermsProblems.NotAccepted(outcome.Terms!, "a pull paid with tokens (today's free pulls are used)"),
            VanityPullStatus.AlreadyPulled => TypedResults.Ok(new PullAnswer(outcome.Pull!, outcome.Key, balance.Tokens, balance.FreePullsLeft)),
            _ => TypedResults.Created($"/api/v1/vanity/pulls/{pullId}", new PullAnswer(outcome.Pull!, outcome.Key, balance.Tokens, balance.FreePullsLeft)),
        };
    }

    private static async Task<Results<Ok<Page<VanityPullView>>, ProblemHttpResult>> ListPullsAsync(
        string? cursor, string? limit, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var (before, size, problem) = Pages.Keyset(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        var pulls = await cluster.GetGrain<IVanityPullsGrain>(principal.Identity!.Name!).ListAsync(before?.At, before?.Id, size + 1);
        return TypedResults.Ok(Pages.Of(pulls.ToList(), size, last => new KeysetCursor(last.CreatedAt, last.PullId).ToString()));
    }

    private static async Task<Results<Ok<PullAnswer>, ProblemHttpResult>> GetPullAsync(
        string id, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var pulls = cluster.GetGrain<IVanityPullsGrain>(principal.Identity!.Name!);
        if (await pulls.GetAsync(id) is not { } pull)
        {
            return NoSuchPull(id);
        }
        var key = pull.KeptAt is null ? null : await pulls.GetKeptKeyAsync(id);
        return TypedResults.Ok(new PullAnswer(pull, key, null, null));
    }

    private static async Task<Results<Ok<KeepAnswer>, ProblemHttpResult>> KeepPullAsync(string id, ClaimsPrincipal principal, IClusterClient cluster) =>
        await cluster.GetGrain<IVanityPullsGrain>(principal.Identity!.Name!).KeepAsync(id) switch
        {
            VanityKeepStatus.NoSuchPull => NoSuchPull(id),
            VanityKeepStatus.Gone => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Key gone",
                detail: "A pulled key is held only for the keep window after the pull (and not across a restart); this one was not kept in time."),
            var status => TypedResults.Ok(new KeepAnswer(id, status == VanityKeepStatus.Kept ? "kept" : "already_kept")),
        };

    private static async Task<Results<Ok<JobQuote>, ProblemHttpResult>> QuoteJobAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<PatternBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var request = RequestOf(body!);
        var quote = await Quotes(cluster).QuoteJobAsync(request);
        if (quote is not { Status: VanityQuoteStatus.Quoted, Odds: { } odds })
        {
            return Refused(quote);
        }
        var rate = quote.ClusterKeysPerSecond;
        return TypedResults.Ok(new JobQuote(request, quote.Price, odds, Math.Round(rate), Seconds(odds.ExpectedAttempts, rate)));
    }

    private static async Task<Results<Created<VanityJobView>, Accepted<VanityJobView>, Ok<VanityJobView>, ProblemHttpResult>> StartJobAsync(
        HttpContext context, JsonBody json, ClaimsPrincipal principal, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<PatternBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var request = RequestOf(body!);
        var user = principal.Identity!.Name!;
        if (IdOf(context, user) is not { } jobId)
        {
            // A pattern no job takes is the first thing wrong with the request, key or no key.
            var quote = await Quotes(cluster).QuoteJobAsync(request);
            return quote.Status == VanityQuoteStatus.Quoted ? BadKey() : Refused(quote);
        }
        var start = await cluster.GetGrain<IVanityJobGrain>(jobId).StartAsync(user, request);
        return start.Status switch
        {
            VanityJobStartStatus.Refused => Refused(start.Refusal!),
            VanityJobStartStatus.NotEnoughTokens => TypedResults.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Not enough tokens",
                detail: $"This job costs {start.Price} tokens, held until it ends; the balance is {start.Balance}."),
            VanityJobStartStatus.NotYours => ReusedKey(),
            VanityJobStartStatus.TermsNotAccepted => TermsProblems.NotAccepted(start.Terms!, "starting a job paid with tokens"),
            VanityJobStartStatus.Existing => TypedResults.Ok(start.Job!),
            VanityJobStartStatus.Pending => TypedResults.Accepted($"/api/v1/vanity/jobs/{jobId}", start.Job!),
            _ => TypedResults.Created($"/api/v1/vanity/jobs/{jobId}", start.Job!),
        };
    }

    private static async Task<Results<Ok<Page<VanityJobView>>, ProblemHttpResult>> ListJobsAsync(
        string? cursor, string? limit, ClaimsPrincipal principal, VanityQueries queries, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (before, size, problem) = Pages.Numbered(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        var user = principal.Identity!.Name!;
        var (ids, more) = await queries.JobIdsAsync(user, before, size, cancellationToken);
        var jobs = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IVanityJobGrain>(id.JobId).GetAsync(user)));
        // An escrow row from before starts were stored first may have no job behind it: it is left out.
        return TypedResults.Ok(new Page<VanityJobView>([.. jobs.OfType<VanityJobView>()],
            more ? ids[^1].EntryNo.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    private static async Task<Results<Ok<VanityJobView>, ProblemHttpResult>> GetJobAsync(string id, ClaimsPrincipal principal, IClusterClient cluster) =>
        await cluster.GetGrain<IVanityJobGrain>(id).GetAsync(principal.Identity!.Name!) is { } job ? TypedResults.Ok(job) : NoSuchJob(id);

    private static async Task<Results<Ok<VanityJobView>, ProblemHttpResult>> CancelJobAsync(string id, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var job = cluster.GetGrain<IVanityJobGrain>(id);
        var user = principal.Identity!.Name!;
        if (await job.GetAsync(user) is not { } current)
        {
            return NoSuchJob(id);
        }
        if (current.Status == VanityJobStatus.Found)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already found", detail: "The job found its key; nothing is refunded. GET its result.");
        }
        // A start cut short whose tokens went elsewhere meanwhile is forgotten by the cancel: there is no job.
        return await job.CancelAsync(user) is { } cancelled ? TypedResults.Ok(cancelled) : NoSuchJob(id);
    }

    private static async Task<Results<Ok<ExportedKey>, ProblemHttpResult>> GetJobResultAsync(string id, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var job = cluster.GetGrain<IVanityJobGrain>(id);
        var user = principal.Identity!.Name!;
        if (await job.GetAsync(user) is not { } current)
        {
            return NoSuchJob(id);
        }
        return await job.GetResultAsync(user) is { } key
            ? TypedResults.Ok(key)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No result", detail: $"The job is {current.Status.ToString().ToLowerInvariant()}: only a found job has a key.");
    }

    private static VanityRequest RequestOf(PatternBody body) => new(body.Parts ?? [], body.CaseInsensitive ?? false, body.Fuzzy ?? false);

    private static IVanityQuoteGrain Quotes(IClusterClient cluster) => cluster.GetGrain<IVanityQuoteGrain>(0);

    private static ProblemHttpResult Refused(VanityQuote quote) => quote.Status == VanityQuoteStatus.TooHard
        ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Too hard to guarantee", detail: quote.Problem)
        : InvalidPattern(quote.Problem!);

    /// <summary>The pull or job id that the same player's same Idempotency-Key always gives (so that a request sent
    /// again after a lost answer pays once and gets its result), or null without a usable key.</summary>
    private static string? IdOf(HttpContext context, string user) =>
        IdempotencyKeys.Of(context.Request) is { } key ? IdempotencyKeys.IdFor(user, key) : null;

    private static ProblemHttpResult BadKey() => IdempotencyKeys.Required("pull or job");

    private static ProblemHttpResult ReusedKey() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused", detail: "This Idempotency-Key was used for another pattern.");

    private static ProblemHttpResult NoSuchJob(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job", detail: $"You have no job '{id}'.");

    private static ProblemHttpResult InvalidPattern(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid pattern", detail: detail);

    private static ProblemHttpResult NoSuchPull(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such pull", detail: $"You have no pull '{id}'.");

    public sealed record PatternBody(IReadOnlyList<string>? Parts, bool? CaseInsensitive = null, bool? Fuzzy = null);

    /// <param name="Key">The private key: with the pull's first answer, and for a kept pull.</param>
    public sealed record PullAnswer(VanityPullView Pull, ExportedKey? Key, long? Tokens, int? FreePullsLeft);

    public sealed record KeepAnswer(string PullId, string Status);

    /// <param name="Price">Tokens, held in escrow while the job runs.</param>
    /// <param name="ExpectedSeconds">At the cluster's measured rate; null until a pull or job has measured it.</param>
    public sealed record JobQuote(VanityRequest Request, long Price, VanityOdds Odds, double ClusterKeysPerSecond = 0, double? ExpectedSeconds = null);

    /// <param name="ClusterKeysPerSecond">The cluster's measured search rate (every silo's latest slice or pull, last ten
    /// minutes); 0 before any.</param>
    public sealed record OddsAnswer(VanityOdds Odds, double ClusterKeysPerSecond, double? ExpectedSeconds, double? MedianSeconds, double? P99Seconds);

    private static double? Seconds(double attempts, double rate) => rate > 0 ? Math.Round(attempts / rate, 1) : null;
}
