using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;

namespace Faucet.Vanity;

/// <summary>
/// A guaranteed search job. Its state (grain storage) holds the owner, the escrowed price, the attempts reported so far
/// and, once found, the sealed seed. Escrow first (a token debit keyed by the job id, so a retried start pays once),
/// then the job is stored and put on the board, where every silo's <see cref="VanitySearchAgent"/> finds it and asks
/// for slices. While it runs a reminder puts it back on the board after any crash.
/// Cancelling refunds the share of the price that the attempts made so far have not used:
/// refund = floor(price × (1 − attempts / expected attempts)), nothing once the attempts reach the expectation.
/// </summary>
public sealed class VanityJobGrain(
    [PersistentState("vanityjob", "faucet")] IPersistentState<VanityJobState> state,
    VanitySeals seals,
    ProductOptions product,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IVanityJobGrain, IRemindable
{
    private const string KeepAlive = "vanity-job";

    private readonly Queue<(DateTimeOffset At, long Attempts)> recent = new();
    private long nextSlice;
    private VanityPattern? pattern;

    private string JobId => this.GetPrimaryKeyString();

    public async Task<VanityJobStart> StartAsync(string ownerId, VanityRequest request, long price, double expectedAttempts)
    {
        if (state.State.OwnerId is { } owner)
        {
            return owner == ownerId
                ? new VanityJobStart(VanityJobStartStatus.Existing, View(), (await Tokens(ownerId).GetBalanceAsync()).Tokens)
                : new VanityJobStart(VanityJobStartStatus.NotYours, null, 0);
        }
        if (!VanityPattern.TryCompile(request.Parts, request.CaseInsensitive, request.Fuzzy, out _, out var problem))
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var escrow = await Tokens(ownerId).ApplyAsync(new TokenCommand("job:" + JobId, TokenEntryKind.Job, -price, JobId));
        if (!escrow.Done)
        {
            return new VanityJobStart(VanityJobStartStatus.NotEnoughTokens, null, escrow.Balance.Tokens);
        }
        state.State.OwnerId = ownerId;
        state.State.Request = request;
        state.State.Price = price;
        state.State.ExpectedAttempts = expectedAttempts;
        state.State.Status = VanityJobStatus.Running;
        state.State.CreatedAt = time.GetUtcNow();
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(KeepAlive, period, period);
        await state.WriteOrRetireAsync(this);
        await Board.AddAsync(JobId);
        FaucetMetrics.VanityJob("started");
        return new VanityJobStart(VanityJobStartStatus.Started, View(), escrow.Balance.Tokens);
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
        if (state.State.Status == VanityJobStatus.Running)
        {
            await Board.AddAsync(JobId);
        }
        else
        {
            await EndAsync();
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

    private ITokenAccountGrain Tokens(string ownerId) => GrainFactory.GetGrain<ITokenAccountGrain>(ownerId);

    private IVanityJobBoardGrain Board => GrainFactory.GetGrain<IVanityJobBoardGrain>("default");
}
