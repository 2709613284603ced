using System.Security.Cryptography;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Faucet.Telemetry;

namespace Faucet.Vanity;

/// <summary>
/// A player's gacha pulls. Pay first (once per pull id: a retried pull finds its charge and pays nothing more), then
/// search on the search engine's own threads while this grain awaits, then record the pull and hold its seed in memory
/// for the keep window. A crash after paying and before recording is healed by asking again with the same pull id: the
/// charge is found and a new search runs (the lost key was never shown).
/// </summary>
public sealed class VanityPullsGrain(
    IVanityPullStore store,
    VanitySeals seals,
    VanitySearchTurns turns,
    ProductOptions product,
    IntegrationsOptions integrations,
    Microsoft.Extensions.Options.IOptions<Orleans.Configuration.SiloOptions> silo,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IVanityPullsGrain
{
    private readonly Dictionary<string, (byte[] Seed, DateTimeOffset Until)> held = new(StringComparer.Ordinal);

    private string UserId => this.GetPrimaryKeyString();

    private TimeSpan KeepWindow => TimeSpan.FromMinutes(integrations.Vanity.KeepMinutes);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var (seed, _) in held.Values)
        {
            CryptographicOperations.ZeroMemory(seed);
        }
        held.Clear();
        return Task.CompletedTask;
    }

    public async Task<VanityPullOutcome> PullAsync(string pullId, VanityRequest request)
    {
        if (!VanityPattern.TryCompile(request.Parts, request.CaseInsensitive, request.Fuzzy, out var pattern, out var problem))
        {
            return new VanityPullOutcome(VanityPullStatus.InvalidPattern, null, null, null, problem);
        }
        var account = GrainFactory.GetGrain<ITokenAccountGrain>(UserId);
        if (await store.GetAsync(UserId, pullId, CancellationToken.None) is { } done)
        {
            return await AlreadyPulledAsync(done.Pull, request, account);
        }

        // The turn comes before the charge, so that a pull refused as busy has cost nothing.
        VanitySearchResult result;
        TokenChange charge;
        using (var turn = await turns.TakeAsync())
        {
            if (turn is null)
            {
                return new VanityPullOutcome(VanityPullStatus.Busy, null, null, null);
            }
            charge = await account.ChargePullAsync(pullId, product.VanityPricing.PullTokens);
            if (charge.Status == TokenChangeStatus.TermsNotAccepted)
            {
                return new VanityPullOutcome(VanityPullStatus.TermsNotAccepted, null, null, charge.Balance, Terms: charge.Terms);
            }
            if (!charge.Done)
            {
                return new VanityPullOutcome(VanityPullStatus.NotEnoughTokens, null, null, charge.Balance);
            }
            var budget = product.VanityPricing.PullCandidateBudget;
            result = await Task.Factory.StartNew(
                () => VanitySearch.Run(pattern!, budget, threads: 0, stopAtFullMatch: false, null, CancellationToken.None),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        FaucetMetrics.VanityKeysSearched("pull", result.Attempts);
        await GrainFactory.GetGrain<IVanityJobBoardGrain>("default").RecordRateAsync(silo.Value.SiloName, result.KeysPerSecond);
        var exported = KeyExports.FromSeed(result.Seed);
        var digits = exported.Did[DidKey.FixedStart.Length..].Select(c => (byte)Base58.DigitOf(c)).ToArray();
        var pull = new VanityPullView(pullId, request, exported.Did, pattern!.Describe(digits), result.Attempts, -charge.Entry!.Amount, time.GetUtcNow(), null);
        if (!await store.RecordAsync(UserId, pull, CancellationToken.None))
        {
            // Another activation recorded this pull first: its key is the pull's, this one is thrown away unseen.
            CryptographicOperations.ZeroMemory(result.Seed);
            var first = await store.GetAsync(UserId, pullId, CancellationToken.None);
            return await AlreadyPulledAsync(first!.Value.Pull, request, account);
        }

        Prune();
        held[pullId] = (result.Seed, time.GetUtcNow() + KeepWindow);
        DelayDeactivation(KeepWindow);
        return new VanityPullOutcome(VanityPullStatus.Pulled, pull, exported, charge.Balance);
    }

    public async Task<VanityKeepStatus> KeepAsync(string pullId)
    {
        if (await store.GetAsync(UserId, pullId, CancellationToken.None) is not { } found)
        {
            return VanityKeepStatus.NoSuchPull;
        }
        if (found.Pull.KeptAt is not null)
        {
            return VanityKeepStatus.AlreadyKept;
        }
        Prune();
        if (!held.TryGetValue(pullId, out var seed) || KeyExports.FromSeed(seed.Seed).Did != found.Pull.Did)
        {
            return VanityKeepStatus.Gone;
        }
        var (nonce, sealedSeed) = seals.Seal(seed.Seed, pullId, UserId);
        var kept = await store.KeepAsync(UserId, pullId, nonce, sealedSeed, time.GetUtcNow(), CancellationToken.None);
        // Sealed now (or by an earlier call): the copy in memory is no longer needed.
        CryptographicOperations.ZeroMemory(seed.Seed);
        held.Remove(pullId);
        return kept ? VanityKeepStatus.Kept : VanityKeepStatus.AlreadyKept;
    }

    public async Task<VanityPullView?> GetAsync(string pullId) => (await store.GetAsync(UserId, pullId, CancellationToken.None))?.Pull;

    public Task<IReadOnlyList<VanityPullView>> ListAsync(DateTimeOffset? beforeAt, string? beforeId, int limit) =>
        store.ListAsync(UserId, beforeAt, beforeId, limit, CancellationToken.None);

    public async Task<ExportedKey?> GetKeptKeyAsync(string pullId)
    {
        if (await store.GetAsync(UserId, pullId, CancellationToken.None) is not { Nonce: { } nonce, Sealed: { } sealedSeed })
        {
            return null;
        }
        var seed = seals.Open(nonce, sealedSeed, pullId, UserId);
        if (seed is null)
        {
            return null;
        }
        try
        {
            return KeyExports.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private async Task<VanityPullOutcome> AlreadyPulledAsync(VanityPullView pull, VanityRequest request, ITokenAccountGrain account)
    {
        var balance = await account.GetBalanceAsync();
        var same = pull.Request.Parts.SequenceEqual(request.Parts, StringComparer.Ordinal)
            && pull.Request.CaseInsensitive == request.CaseInsensitive && pull.Request.Fuzzy == request.Fuzzy;
        return same
            ? new VanityPullOutcome(VanityPullStatus.AlreadyPulled, pull, HeldKey(pull.PullId), balance)
            : new VanityPullOutcome(VanityPullStatus.Conflict, null, null, balance);
    }

    private ExportedKey? HeldKey(string pullId)
    {
        Prune();
        return held.TryGetValue(pullId, out var seed) ? KeyExports.FromSeed(seed.Seed) : null;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var expired in held.Where(h => h.Value.Until <= now).Select(h => h.Key).ToList())
        {
            CryptographicOperations.ZeroMemory(held[expired].Seed);
            held.Remove(expired);
        }
    }
}
