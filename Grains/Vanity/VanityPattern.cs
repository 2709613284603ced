namespace Faucet.Vanity;

/// <summary>
/// What a player wants to see in a did:key: one or more substrings (parts) in order, somewhere in the 44 characters
/// after <c>did:key:z6Mk</c>, optionally ignoring case and reading look-alikes (0/O, 1/I/l, 3/E, 4/A, 5/S, 7/T, 8/B) as
/// one. Compiled once into, for each position of each part, the set of base58 digits allowed there (a bit mask), which
/// <see cref="Score"/> tests candidates against without allocating.
/// </summary>
public sealed class VanityPattern
{
    public const int MaxParts = 8;

    private static readonly string[] LookAlikes = ["0Oo", "1Il", "3E", "4A", "5S", "7T", "8B"];

    /// <summary>The digits the first free character can be (e to w).</summary>
    private static readonly ulong FirstFreeDigits = "efghijkmnopqrstuvw".Aggregate(0UL, (mask, c) => mask | 1UL << Base58.DigitOf(c));

    /// <summary>For each part, for each of its positions, the allowed base58 digits as bits.</summary>
    private readonly ulong[][] classes;

    private VanityPattern(IReadOnlyList<string> parts, bool caseInsensitive, bool fuzzy, ulong[][] classes)
    {
        Parts = parts;
        CaseInsensitive = caseInsensitive;
        Fuzzy = fuzzy;
        this.classes = classes;
    }

    public IReadOnlyList<string> Parts { get; }

    public bool CaseInsensitive { get; }

    public bool Fuzzy { get; }

    public int Length => classes.Sum(c => c.Length);

    /// <summary>The allowed digits at each position of part <paramref name="part"/>.</summary>
    public IReadOnlyList<ulong> ClassesOf(int part) => classes[part];

    /// <summary>Compiles the parts, or says which part is wrong and why.</summary>
    public static bool TryCompile(IReadOnlyList<string>? parts, bool caseInsensitive, bool fuzzy, out VanityPattern? pattern, out string? problem)
    {
        pattern = null;
        problem = null;
        if (parts is null || parts.Count is 0 or > MaxParts)
        {
            problem = $"parts is a list of 1 to {MaxParts} substrings the key should contain, in order.";
            return false;
        }
        var compiled = new ulong[parts.Count][];
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p] ?? "";
            if (part.Length is 0 or > DidKey.FreeLength)
            {
                problem = $"parts[{p}] must be 1 to {DidKey.FreeLength} characters (a did:key has {DidKey.FreeLength} to shape after did:key:z6Mk).";
                return false;
            }
            compiled[p] = new ulong[part.Length];
            for (var i = 0; i < part.Length; i++)
            {
                var allowed = ClassOf(part[i], caseInsensitive, fuzzy);
                if (allowed == 0)
                {
                    problem = $"parts[{p}] ('{part}') has '{part[i]}' at position {i + 1}, which never appears in a did:key: base58 has no 0, O, I or l"
                        + (fuzzy ? "." : caseInsensitive ? ". Fuzzy matching reads look-alikes (0 as o, I as 1) instead." : "; ignoring case or fuzzy matching may read it as a character that does.");
                    return false;
                }
                compiled[p][i] = allowed;
            }
        }
        var total = compiled.Sum(c => c.Length);
        if (total > DidKey.FreeLength)
        {
            problem = $"The parts add up to {total} characters, but they must fit, one after another, in the {DidKey.FreeLength} characters after did:key:z6Mk.";
            return false;
        }
        if (total == DidKey.FreeLength && (compiled[0][0] & FirstFreeDigits) == 0)
        {
            problem = $"The parts fill all {DidKey.FreeLength} characters, so parts[0] starts right after did:key:z6Mk, where only e to w can be.";
            return false;
        }
        pattern = new VanityPattern(parts.ToList(), caseInsensitive, fuzzy, compiled);
        return true;
    }

    /// <summary>
    /// How many parts the free characters show in order: the most parts of a subsequence of <see cref="Parts"/> (in
    /// their order) that occur one after another without overlapping. All parts is a full match.
    /// </summary>
    /// <param name="free">The 44 base58 digits after <c>6Mk</c>.</param>
    public int Score(ReadOnlySpan<byte> free)
    {
        // end[c]: the earliest position by which c parts can be complete, using the parts seen so far.
        Span<int> end = stackalloc int[MaxParts + 1];
        end.Fill(int.MaxValue);
        end[0] = 0;
        var best = 0;
        for (var p = 0; p < classes.Length; p++)
        {
            for (var c = best; c >= 0; c--)
            {
                if (end[c] == int.MaxValue)
                {
                    continue;
                }
                var found = Find(free, classes[p], end[c]);
                if (found >= 0 && found + classes[p].Length < end[c + 1])
                {
                    end[c + 1] = found + classes[p].Length;
                    best = Math.Max(best, c + 1);
                }
            }
        }
        return best;
    }

    /// <summary>Where the parts of a full or best match are (the positions a <see cref="Score"/> counts), and the
    /// other occurrences of any part that do not overlap them (bonus finds). Slow: for the winning key only.</summary>
    public VanityMatch Describe(ReadOnlySpan<byte> free)
    {
        var n = classes.Length;
        // ends[p, c]: the earliest end with c parts using parts 0..p, and where the last chosen part started.
        var end = new int[n + 1, n + 1];
        var from = new (int Part, int Start, int PreviousCount)?[n + 1, n + 1];
        for (var p = 0; p <= n; p++)
        {
            for (var c = 0; c <= n; c++)
            {
                end[p, c] = c == 0 ? 0 : int.MaxValue;
            }
        }
        for (var p = 1; p <= n; p++)
        {
            for (var c = 1; c <= p; c++)
            {
                end[p, c] = end[p - 1, c];
                from[p, c] = from[p - 1, c];
                if (end[p - 1, c - 1] != int.MaxValue && Find(free, classes[p - 1], end[p - 1, c - 1]) is var found and >= 0
                    && found + classes[p - 1].Length < end[p, c])
                {
                    end[p, c] = found + classes[p - 1].Length;
                    from[p, c] = (p - 1, found, c - 1);
                }
            }
        }
        var score = Enumerable.Range(0, n + 1).Last(c => end[n, c] != int.MaxValue);
        var matched = new List<VanityFind>();
        var (row, count) = (n, score);
        while (count > 0 && from[row, count] is { } step)
        {
            matched.Add(new VanityFind(step.Part, Parts[step.Part], DidKey.FixedStart.Length + step.Start));
            (row, count) = (step.Part, step.PreviousCount);
        }
        matched.Reverse();

        var taken = new bool[free.Length];
        foreach (var find in matched)
        {
            Array.Fill(taken, true, find.Position - DidKey.FixedStart.Length, classes[find.Part].Length);
        }
        var bonus = new List<VanityFind>();
        for (var p = 0; p < n; p++)
        {
            for (var start = Find(free, classes[p], 0); start >= 0; start = Find(free, classes[p], start + 1))
            {
                if (!taken.AsSpan(start, classes[p].Length).Contains(true))
                {
                    Array.Fill(taken, true, start, classes[p].Length);
                    bonus.Add(new VanityFind(p, Parts[p], DidKey.FixedStart.Length + start));
                }
            }
        }
        var missing = Enumerable.Range(0, n).Where(p => matched.All(m => m.Part != p)).Select(p => Parts[p]).ToList();
        return new VanityMatch(score, n, matched, missing, bonus);
    }

    /// <summary>The first position at or after <paramref name="from"/> where <paramref name="part"/> occurs, or -1.</summary>
    private static int Find(ReadOnlySpan<byte> free, ulong[] part, int from)
    {
        for (var start = from; start + part.Length <= free.Length; start++)
        {
            var i = 0;
            while (i < part.Length && (part[i] >> free[start + i] & 1) != 0)
            {
                i++;
            }
            if (i == part.Length)
            {
                return start;
            }
        }
        return -1;
    }

    private static ulong ClassOf(char c, bool caseInsensitive, bool fuzzy)
    {
        var members = new List<char> { c };
        if (fuzzy && LookAlikes.FirstOrDefault(g => g.Contains(c, StringComparison.Ordinal)
                || caseInsensitive && g.Contains(c, StringComparison.OrdinalIgnoreCase)) is { } group)
        {
            members.AddRange(group);
        }
        if (caseInsensitive)
        {
            members.AddRange(members.Select(char.ToUpperInvariant).Concat(members.Select(char.ToLowerInvariant)).ToList());
        }
        var mask = 0UL;
        foreach (var member in members)
        {
            if (Base58.DigitOf(member) is var digit and >= 0)
            {
                mask |= 1UL << digit;
            }
        }
        return mask;
    }
}
