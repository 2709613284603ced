using System.Security.Cryptography;

namespace Faucet.Vanity;

/// <summary>
/// The search engine: tries random Ed25519 keys against a compiled <see cref="VanityPattern"/> on dedicated threads
/// (never on the caller's, so never on Orleans' scheduler), one per core unless told otherwise. Each candidate is a
/// seed from a fresh random base and a counter, turned into its public key by libsodium and into base58 digits into
/// stack buffers, and scored: nothing is allocated per candidate. A search stops at its budget of candidates, at a
/// full match when asked to, or when cancelled.
/// </summary>
public static class VanitySearch
{
    /// <summary>Candidates each thread takes from the shared budget at a time (and between looks at cancellation).</summary>
    private const int Chunk = 1024;

    /// <param name="budget">Candidates to try in all (long.MaxValue: no limit).</param>
    /// <param name="stopAtFullMatch">Stop as soon as any thread finds a key with every part.</param>
    /// <param name="attempts">Counts candidates tried as the search goes (for progress and keys/s).</param>
    public static VanitySearchResult Run(VanityPattern pattern, long budget, int threads, bool stopAtFullMatch,
        Action<long>? attempts, CancellationToken cancellationToken)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var shared = new SharedBudget(budget);
        var results = new (byte[] Seed, int Score)[threads];
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() => results[index] = Work(pattern, shared, stopAtFullMatch, null, attempts, cancellationToken))
            {
                IsBackground = true,
                Name = $"vanity-search-{index}",
            };
            workers[t].Start();
        }
        foreach (var worker in workers)
        {
            worker.Join();
        }
        var best = results.Where(r => r.Seed.Length > 0).OrderByDescending(r => r.Score).FirstOrDefault();
        return new VanitySearchResult(best.Seed ?? [], best.Seed is null ? -1 : best.Score, shared.Tried, cancellationToken.IsCancellationRequested);
    }

    /// <summary>
    /// Scores <paramref name="candidates"/> random keys and counts them by score: histogram[s] keys showed s parts in
    /// order. What the odds of <see cref="VanityOddsCalculator"/> predict, measured on real keys.
    /// </summary>
    public static long[] ScoreHistogram(VanityPattern pattern, long candidates, int threads, CancellationToken cancellationToken)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var shared = new SharedBudget(candidates);
        var histograms = Enumerable.Range(0, threads).Select(_ => new long[pattern.Parts.Count + 1]).ToArray();
        var workers = Enumerable.Range(0, threads)
            .Select(t => new Thread(() => Work(pattern, shared, false, histograms[t], null, cancellationToken)) { IsBackground = true, Name = $"vanity-odds-{t}" })
            .ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return Enumerable.Range(0, pattern.Parts.Count + 1).Select(s => histograms.Sum(h => h[s])).ToArray();
    }

    private static unsafe (byte[] Seed, int Score) Work(
        VanityPattern pattern, SharedBudget shared, bool stopAtFullMatch, long[]? histogram, Action<long>? attempts, CancellationToken cancellationToken)
    {
        var full = pattern.Parts.Count;
        byte* seed = stackalloc byte[Sodium.SeedBytes];
        byte* publicKey = stackalloc byte[Sodium.PublicKeyBytes];
        byte* secretKey = stackalloc byte[Sodium.SecretKeyBytes];
        Span<byte> digits = stackalloc byte[DidKey.Digits];
        var bestSeed = Array.Empty<byte>();
        var bestScore = -1;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !shared.Stopped && shared.Take(Chunk) is var take and > 0)
            {
                // A fresh random base per chunk; the counter in its first eight bytes makes the chunk's seeds distinct.
                RandomNumberGenerator.Fill(new Span<byte>(seed, Sodium.SeedBytes));
                ref var counter = ref *(ulong*)seed;
                for (var i = 0; i < take; i++)
                {
                    counter++;
                    Sodium.SeedKeyPair(publicKey, secretKey, seed);
                    Base58.DidKeyDigits(new ReadOnlySpan<byte>(publicKey, Sodium.PublicKeyBytes), digits);
                    var score = pattern.Score(digits[DidKey.FixedDigits..]);
                    if (histogram is not null)
                    {
                        histogram[score]++;
                    }
                    if (score > bestScore)
                    {
                        bestScore = score;
                        bestSeed = new ReadOnlySpan<byte>(seed, Sodium.SeedBytes).ToArray();
                        if (score == full && stopAtFullMatch)
                        {
                            shared.Stop();
                            shared.Return(take - i - 1);
                            attempts?.Invoke(i + 1);
                            return (bestSeed, bestScore);
                        }
                    }
                }
                attempts?.Invoke(take);
            }
            return (bestSeed, bestScore);
        }
        finally
        {
            new Span<byte>(secretKey, Sodium.SecretKeyBytes).Clear();
            new Span<byte>(seed, Sodium.SeedBytes).Clear();
        }
    }

    /// <summary>The candidates left to try, shared by the threads of one search.</summary>
    private sealed class SharedBudget(long budget)
    {
        private long left = budget;
        private long tried;
        private volatile bool stopped;

        public bool Stopped => stopped;

        public long Tried => Interlocked.Read(ref tried);

        public void Stop() => stopped = true;

        public int Take(int chunk)
        {
            while (true)
            {
                var current = Interlocked.Read(ref left);
                var take = (int)Math.Min(chunk, current);
                if (take <= 0)
                {
                    return 0;
                }
                if (Interlocked.CompareExchange(ref left, current - take, current) == current)
                {
                    Interlocked.Add(ref tried, take);
                    return take;
                }
            }
        }

        public void Return(long unused) => Interlocked.Add(ref tried, -unused);
    }
}
