using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Faucet.Vanity;

/// <summary>
/// The search engine: tries random Ed25519 keys against a compiled <see cref="VanityPattern"/> on dedicated threads
/// (never on the caller's, so never on Orleans' scheduler), one per core unless told otherwise. Each candidate is a
/// seed from a fresh random base and a counter, turned into its public key by libsodium and into base58 digits into
/// stack buffers, and scored: nothing is allocated per candidate. A search stops at its budget of candidates, at a
/// full match when asked to, or when cancelled. Searches in one process run one at a time (each already uses every
/// core), below normal priority so that the threads serving requests keep their turn: on Linux, where
/// <see cref="ThreadPriority"/> leaves a thread as it was, by a nice value of the search thread's own.
/// </summary>
public static partial class VanitySearch
{
    /// <summary>The nice value of a search thread on Linux: a thread serving requests at 0 weighs about nine times as
    /// much with the scheduler, and the search still has the cores whenever nothing else wants them.</summary>
    internal const int SearchNice = 10;

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Candidates each thread takes from the shared budget at a time (and between looks at cancellation).</summary>
    private const int Chunk = 1024;

    /// <param name="budget">Candidates to try in all (long.MaxValue: no limit).</param>
    /// <param name="stopAtFullMatch">Stop as soon as any thread finds a key with every part.</param>
    /// <param name="attempts">Counts candidates tried as the search goes (for progress and keys/s).</param>
    public static VanitySearchResult Run(VanityPattern pattern, long budget, int threads, bool stopAtFullMatch,
        Action<long>? attempts, CancellationToken cancellationToken)
    {
        var shared = new SharedBudget(budget);
        var (results, searched) = OnThreads(threads, "vanity-search", index => Work(pattern, shared, stopAtFullMatch, null, attempts, cancellationToken));
        // Cancelled before any candidate: no seed, score -1.
        var best = results.Where(r => r.Seed.Length > 0).OrderByDescending(r => r.Score).DefaultIfEmpty(([], -1)).First();
        foreach (var (seed, _) in results.Where(r => !ReferenceEquals(r.Seed, best.Seed)))
        {
            CryptographicOperations.ZeroMemory(seed);
        }
        return new VanitySearchResult(best.Seed, best.Score, shared.Tried, cancellationToken.IsCancellationRequested, searched);
    }

    /// <summary>Lowers the calling thread's priority on Linux, where a thread's nice value is its own (PRIO_PROCESS with
    /// 0 names the calling thread). Best effort: a search that keeps its priority is still correct.</summary>
    private static void YieldToRequests()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(0, 0, SearchNice);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, uint who, int priority);

    /// <summary>Runs <paramref name="work"/> on <paramref name="threads"/> dedicated threads (0: one per core), one search
    /// at a time, and returns what each returned; an exception on any thread is thrown here, not left to end the process.</summary>
    private static (T[] Results, TimeSpan Searched) OnThreads<T>(int threads, string name, Func<int, T> work)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var results = new T[threads];
        var failures = new Exception?[threads];
        OneAtATime.Wait();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var workers = new Thread[threads];
            for (var t = 0; t < threads; t++)
            {
                var index = t;
                workers[t] = new Thread(() =>
                {
                    try
                    {
                        YieldToRequests();
                        results[index] = work(index);
                    }
                    catch (Exception e)
                    {
                        failures[index] = e;
                    }
                })
                {
                    IsBackground = true,
                    Name = $"{name}-{index}",
                    Priority = ThreadPriority.BelowNormal,
                };
                workers[t].Start();
            }
            foreach (var worker in workers)
            {
                worker.Join();
            }
        }
        finally
        {
            OneAtATime.Release();
        }
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new InvalidOperationException("The vanity search failed", failure);
        }
        return (results, clock.Elapsed);
    }

    /// <summary>
    /// Scores <paramref name="candidates"/> random keys and counts them by score: histogram[s] keys showed s parts in
    /// order. What the odds of <see cref="VanityOddsCalculator"/> predict, measured on real keys.
    /// </summary>
    public static long[] ScoreHistogram(VanityPattern pattern, long candidates, int threads, CancellationToken cancellationToken)
    {
        var shared = new SharedBudget(candidates);
        var (histograms, _) = OnThreads(threads, "vanity-odds", _ =>
        {
            var histogram = new long[pattern.Parts.Count + 1];
            CryptographicOperations.ZeroMemory(Work(pattern, shared, false, histogram, null, cancellationToken).Seed);
            return histogram;
        });
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
                        CryptographicOperations.ZeroMemory(bestSeed);
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
