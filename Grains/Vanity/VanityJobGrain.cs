using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Players;
using Faucet.Tokens;
using Faucet.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;

namespace Faucet.Vanity;

/// <summary>
/// A guaranteed search job. Its state (grain storage) holds the owner, the escrowed price, the attempts reported so far
/// and, once found, the sealed seed. A start is stored first (<see cref="VanityJobStatus.Starting"/>, with a reminder),
/// then the price is held (a token debit keyed by the job id, so it is held once however often it is tried), then the
/// job runs and goes on the board, where every silo's <see cref="VanitySearchAgent"/> finds it and asks for slices. A
/// start cut short anywhere is finished by the reminder (or by a cancel): no tokens are ever held for a job that was not
/// stored, and a start that could not hold its price at once answers <see cref="VanityJobStartStatus.Pending"/> rather
/// than an error, so nobody pays twice by asking again under a new key. While it runs the reminder puts it back on the
/// board after any crash.
/// Cancelling refunds the share of the price that the attempts made so far have not used:
/// refund = floor(price × (1 − attempts / expected attempts)), nothing once the attempts reach the expectation.
/// </summary>
public sealed partial class VanityJobGrain(
    [PersistentState("vanityjob", "faucet")] IPersistentState<VanityJobState> state,
    VanitySeals seals,
    ProductOptions product,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<VanityJobGrain> logger) : Grain, IVanityJobGrain, IRemindable
{
    private const string KeepAlive = "vanity-job";

    private readonly Queue<(DateTimeOffset At, long Attempts)> recent = new();
    private long nextSlice;
    private VanityPattern? pattern;

    private string JobId => this.GetPrimaryKeyString();

    public async Task<VanityJobStart> StartAsync(string ownerId, VanityRequest request)
    {
        if (state.State.OwnerId is { } owner)
        {
            if (owner != ownerId)
            {
                return new VanityJobStart(VanityJobStartStatus.NotYours, null, 0, 0);
            }
            // The same start again: one cut short is finished as it was first asked, at the price it was first quoted,
            // whatever the pricing says now.
            return state.State.Status == VanityJobStatus.Starting
                ? await TryHoldPriceAsync()
                : new VanityJobStart(VanityJobStartStatus.Existing, View(), (await Tokens(ownerId).GetBalanceAsync()).Tokens, state.State.Price);
        }
        // Priced here, whoever calls: a caller that named its own price could buy any pattern for a token.
        var quote = VanityQuotePolicy.Job(request, product.VanityPricing);
        if (quote is not { Status: VanityQuoteStatus.Quoted, Odds: { } odds })
        {
            return new VanityJobStart(VanityJobStartStatus.Refused, null, null, 0, quote);
        }
        var (price, expectedAttempts) = (quote.Price, odds.ExpectedAttempts);
        // A job spends tokens bought with money: only a player who accepted the current terms may start one.
        if (await GrainFactory.GetGrain<IPlayerGrain>(ownerId).GetTermsAsync() is { Satisfied: false } terms)
        {
            return new VanityJobStart(VanityJobStartStatus.TermsNotAccepted, null, null, price, Terms: terms);
        }
        // A balance already short is refused before anything is stored; the hold below is still what decides.
        var balance = await Tokens(ownerId).GetBalanceAsync();
        if (balance.Tokens < price)
        {
            return new VanityJobStart(VanityJobStartStatus.NotEnoughTokens, null, balance.Tokens, price);
        }
        state.State.OwnerId = ownerId;
        state.State.Request = request;
        state.State.Price = price;
        state.State.ExpectedAttempts = expectedAttempts;
        state.State.Status = VanityJobStatus.Starting;
        state.State.CreatedAt = time.GetUtcNow();
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(KeepAlive, period, period);
        await state.WriteOrRetireAsync(this);
        return await TryHoldPriceAsync();
    }

    /// <summary>
    /// Holds the price of a stored start. If that fails the start stands: the reminder finishes it, so the caller is told
    /// it is pending instead of being shown an error it might answer by starting another job.
    /// </summary>
    private async Task<VanityJobStart> TryHoldPriceAsync()
    {
        try
        {
            return await HoldPriceAsync();
        }
        catch (Exception exception)
        {
            LogHoldDeferred(logger, JobId, exception);
            return new VanityJobStart(VanityJobStartStatus.Pending, View(), null, state.State.Price);
        }
    }

    /// <summary>
    /// Holds the stored start's price and runs the job. Without the tokens the start is forgotten, as if never asked
    /// (the same request can be made again once the balance allows). The debit's key makes a repeat hold it once.
    /// </summary>
    private async Task<VanityJobStart> HoldPriceAsync()
    {
        var price = state.State.Price;
        var escrow = await Tokens(state.State.OwnerId!).ApplyAsync(new TokenCommand("job:" + JobId, TokenEntryKind.Job, -price, JobId));
        switch (escrow.Status)
        {
            case TokenChangeStatus.InsufficientTokens:
                // Forgotten first: if that fails, the reminder is still there to try again.
                await ForgetStartAsync();
                await EndAsync();
                return new VanityJobStart(VanityJobStartStatus.NotEnoughTokens, null, escrow.Balance.Tokens, price);
            case TokenChangeStatus.Conflict:
                // An earlier start of this job (before starts were stored first) held another price: that is what was
                // paid, so it is what the job runs at and what a cancel refunds from.
                state.State.Price = -escrow.Entry!.Amount;
                break;
        }
        state.State.Status = VanityJobStatus.Running;
        await state.WriteOrRetireAsync(this);
        await Board.AddAsync(JobId);
        FaucetMetrics.VanityJob("started");
        return new VanityJobStart(VanityJobStartStatus.Started, View(), escrow.Balance.Tokens, state.State.Price);
    }

    private async Task ForgetStartAsync()
    {
        try
        {
            await state.ClearStateAsync();
        }
        catch
        {
            // As with a failed write: what was stored is unknown, so the next activation reads it again.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<VanitySlice?> TakeSliceAsync() => Task.FromResult(state.State.Status == VanityJobStatus.Running && state.State.Request is { } request
        ? new VanitySlice(JobId, ++nextSlice, request, product.VanityPricing.JobSliceSeconds)
        : null);

    public async Task<bool> ReportAsync(VanitySliceReport report)
    {
        if (state.State.Status != VanityJobStatus.Running)
        {
            return false;
        }
        var now = time.GetUtcNow();
        state.State.Attempts += report.Attempts;
        recent.Enqueue((now, report.Attempts));
        if (report.Seed is { Length: 32 } seed && IsFullMatch(seed, out var did))
        {
            (state.State.Nonce, state.State.SealedSeed) = seals.Seal(seed, JobId, state.State.OwnerId!);
            state.State.Did = did;
            state.State.Status = VanityJobStatus.Found;
            state.State.EndedAt = now;
        }
        await state.WriteOrRetireAsync(this);
        if (state.State.Status != VanityJobStatus.Running)
        {
            FaucetMetrics.VanityJob("found");
            // Announced before the reminder goes: should this activation die in between, the reminder announces it.
            await AnnounceFoundAsync();
            await EndAsync();
        }
        return state.State.Status == VanityJobStatus.Running;
    }

    public async Task<VanityJobView?> CancelAsync(string ownerId)
    {
        if (state.State.OwnerId != ownerId)
        {
            return null;
        }
        // Whether a start cut short holds the price is known only by holding it (once); then the rule refunds it.
        if (state.State.Status == VanityJobStatus.Starting && (await HoldPriceAsync()).Status == VanityJobStartStatus.NotEnoughTokens)
        {
            return null;
        }
        if (state.State.Status == VanityJobStatus.Running)
        {
            var used = Math.Min(1.0, state.State.Attempts / state.State.ExpectedAttempts);
            state.State.Refunded = (long)Math.Floor(state.State.Price * (1 - used));
            state.State.Status = VanityJobStatus.Cancelled;
            state.State.EndedAt = time.GetUtcNow();
            await state.WriteOrRetireAsync(this);
            FaucetMetrics.VanityJob("cancelled");
        }
        if (state.State.Status == VanityJobStatus.Cancelled)
        {
            // Repeated on every cancel until it lands; the key makes it once.
            if (state.State.Refunded > 0)
            {
                await Tokens(ownerId).ApplyAsync(new TokenCommand("job-refund:" + JobId, TokenEntryKind.Refund, state.State.Refunded, JobId));
            }
            await EndAsync();
        }
        return View();
    }

    public Task<VanityJobView?> GetAsync(string ownerId) => Task.FromResult(state.State.OwnerId == ownerId ? View() : null);

    public Task<ExportedKey?> GetResultAsync(string ownerId)
    {
        if (state.State is not { Status: VanityJobStatus.Found, Nonce: { } nonce, SealedSeed: { } sealedSeed } || state.State.OwnerId != ownerId)
        {
            return Task.FromResult<ExportedKey?>(null);
        }
        var seed = seals.Open(nonce, sealedSeed, JobId, ownerId);
        try
        {
            return Task.FromResult(seed is null ? null : KeyExports.FromSeed(seed));
        }
        finally
        {
            if (seed is not null)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
            }
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (state.State)
        {
            case { OwnerId: null }:
                // The reminder was registered and the start's first write never landed: nothing was asked.
                await EndAsync();
                break;
            case { Status: VanityJobStatus.Starting }:
                await HoldPriceAsync();
                break;
            case { Status: VanityJobStatus.Running }:
                await Board.AddAsync(JobId);
                break;
            case { Status: VanityJobStatus.Found, Announced: false }:
                await AnnounceFoundAsync();
                await EndAsync();
                break;
            default:
                await EndAsync();
                break;
        }
    }

    private bool IsFullMatch(byte[] seed, out string did)
    {
        pattern ??= VanityPattern.TryCompile(state.State.Request!.Parts, state.State.Request.CaseInsensitive, state.State.Request.Fuzzy, out var compiled, out _)
            ? compiled
            : throw new InvalidOperationException($"Job {JobId} holds a pattern that no longer compiles");
        did = KeyExports.FromSeed(seed).Did;
        var digits = did[DidKey.FixedStart.Length..].Select(c => (byte)Base58.DigitOf(c)).ToArray();
        return pattern!.Score(digits) == pattern.Parts.Count;
    }

    /// <summary>
    /// Tells the owner's account channel (<c>type: vanity</c>) and the operators' webhook endpoints
    /// (<c>vanity.job.found</c>) that the key was found, then records that they were told, so a later activation does
    /// not tell them again. Both are best effort, like every feed event and webhook: the key is sealed and kept either
    /// way. Only a crash between telling and recording tells again; the webhook's message id makes that one delivery.
    /// </summary>
    private async Task AnnounceFoundAsync()
    {
        var s = state.State;
        var foundAt = s.EndedAt ?? time.GetUtcNow();
        try
        {
            await this.GetStreamProvider(FeedStreams.ProviderName)
                .GetStream<VanityJobFoundEvent>(StreamId.Create(FeedStreams.AccountNamespace, s.OwnerId!))
                .OnNextAsync(new VanityJobFoundEvent(JobId, s.OwnerId!, s.Request!, VanityJobStatus.Found, s.Did!, foundAt));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnounceFailed(logger, JobId, e);
        }
        await this.PublishWebhookAsync(WebhookEvents.VanityJobFound, "vanity.job.found:" + JobId,
            new
            {
                jobId = JobId,
                userId = s.OwnerId,
                parts = s.Request!.Parts,
                caseInsensitive = s.Request.CaseInsensitive,
                fuzzy = s.Request.Fuzzy,
                did = s.Did,
                attempts = s.Attempts,
                price = s.Price,
                foundAt,
            },
            foundAt, logger);
        state.State.Announced = true;
        await state.WriteOrRetireAsync(this);
    }

    private async Task EndAsync()
    {
        await Board.RemoveAsync(JobId);
        await this.ForgetReminderAsync(KeepAlive);
    }

    private VanityJobView View()
    {
        var now = time.GetUtcNow();
        while (recent.Count > 0 && now - recent.Peek().At > TimeSpan.FromMinutes(1))
        {
            recent.Dequeue();
        }
        var window = recent.Count == 0 ? 0 : Math.Max(product.VanityPricing.JobSliceSeconds, (now - recent.Peek().At).TotalSeconds + product.VanityPricing.JobSliceSeconds);
        var rate = window == 0 ? 0 : recent.Sum(r => r.Attempts) / window;
        var s = state.State;
        return new VanityJobView(JobId, s.Request!, s.Status, s.Price, s.ExpectedAttempts, s.Attempts, Math.Round(rate),
            s.Status == VanityJobStatus.Running && rate > 0 ? Math.Round(s.ExpectedAttempts / rate, 1) : null, s.Did, s.Refunded, s.CreatedAt, s.EndedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vanity job {JobId} found its key but the owner's account channel was not told")]
    private static partial void LogAnnounceFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vanity job {JobId} is stored but its price could not be held yet; its reminder tries again")]
    private static partial void LogHoldDeferred(ILogger logger, string jobId, Exception exception);

    private ITokenAccountGrain Tokens(string ownerId) => GrainFactory.GetGrain<ITokenAccountGrain>(ownerId);

    private IVanityJobBoardGrain Board => GrainFactory.GetGrain<IVanityJobBoardGrain>("default");
}
