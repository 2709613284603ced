using System.Numerics;
using System.Text;

namespace Faucet.Vanity;

/// <summary>
/// The exact odds of a <see cref="VanityPattern"/>: a dynamic programme over the 44 free characters of a random
/// did:key, one character at a time, with the same scoring as <see cref="VanityPattern.Score"/> (the most parts found
/// in order). Its state is, for each part, the best score that can be complete with the parts up to it, and the
/// partial matches of it under way (each with the score it started from): the odds of overlapping and repeated
/// characters come out right, not as a product of independent terms. The first free character is not uniform (it
/// follows the <c>0xED01</c> prefix: only e to w, the two ends less often), and its distribution is computed exactly;
/// the others are uniform over the 58 digits.
/// </summary>
public static class VanityOddsCalculator
{
    /// <summary>The probability of each digit as the first free character of a random Ed25519 did:key.</summary>
    public static readonly IReadOnlyList<double> FirstFreeDigit = ComputeFirstFreeDigit();

    public static VanityOdds Of(VanityPattern pattern)
    {
        var parts = Enumerable.Range(0, pattern.Parts.Count).Select(p => pattern.ClassesOf(p).ToArray()).ToArray();
        var n = parts.Length;
        // Digits that every class treats alike move the state alike: one transition per kind of digit.
        var kinds = Enumerable.Range(0, 58)
            .GroupBy(d => string.Concat(parts.SelectMany(part => part).Select(mask => (mask >> d & 1) != 0 ? '1' : '0')))
            .Select(g => g.ToArray())
            .ToList();

        // A state: best[0..n-1], then for each part one slot per partial length 1..len-1 holding (start score + 1) or 0.
        var width = n + parts.Sum(p => p.Length - 1);
        var states = new Dictionary<string, double>(StringComparer.Ordinal) { [new string('\0', width)] = 1.0 };
        for (var position = 0; position < DidKey.FreeLength; position++)
        {
            var next = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var kind in kinds)
            {
                var weight = position == 0 ? kind.Sum(d => FirstFreeDigit[d]) : kind.Length / 58.0;
                if (weight == 0)
                {
                    continue;
                }
                var digit = kind[0];
                foreach (var (state, probability) in states)
                {
                    var moved = Step(state, parts, digit);
                    next[moved] = next.GetValueOrDefault(moved) + probability * weight;
                }
            }
            states = next;
        }

        var atLeast = new double[n];
        foreach (var (state, probability) in states)
        {
            for (var k = 1; k <= state[n - 1]; k++)
            {
                atLeast[k - 1] += probability;
            }
        }
        return VanityOdds.From(atLeast[n - 1], atLeast);
    }

    private static string Step(string state, ulong[][] parts, int digit)
    {
        var n = parts.Length;
        var next = new StringBuilder(state);
        var slot = n;
        for (var p = 0; p < n; p++)
        {
            var length = parts[p].Length;
            // The score a match of this part starting here would build on: parts before it, complete before this digit.
            var startFrom = p == 0 ? 0 : state[p - 1];
            var completed = -1;
            // Longest partial first, so each moves up one slot before that slot is overwritten.
            for (var l = length - 1; l >= 1; l--)
            {
                var from = state[slot + l - 1];
                var extends = from != 0 && (parts[p][l] >> digit & 1) != 0;
                if (l == length - 1)
                {
                    if (extends)
                    {
                        completed = Math.Max(completed, from - 1 + 1);
                    }
                }
                else
                {
                    next[slot + l] = extends ? from : '\0';
                }
            }
            var starts = (parts[p][0] >> digit & 1) != 0;
            if (length == 1)
            {
                if (starts)
                {
                    completed = Math.Max(completed, startFrom + 1);
                }
            }
            else
            {
                next[slot] = starts ? (char)(startFrom + 1) : '\0';
            }
            var best = Math.Max(next[p], (char)Math.Max(completed, 0));
            next[p] = (char)Math.Max(best, p == 0 ? 0 : next[p - 1]);
            slot += length - 1;
        }
        return next.ToString();
    }

    private static double[] ComputeFirstFreeDigit()
    {
        var low = new BigInteger(0xED01) << 256;
        var high = (new BigInteger(0xED02) << 256) - 1;
        var block = BigInteger.Pow(58, DidKey.FreeLength - 1);
        var prefix = low / block / 58;
        var total = high - low + 1;
        var probabilities = new double[58];
        for (var d = 0; d < 58; d++)
        {
            var start = BigInteger.Max(low, (prefix * 58 + d) * block);
            var end = BigInteger.Min(high, (prefix * 58 + d + 1) * block - 1);
            if (end >= start)
            {
                probabilities[d] = (double)(end - start + 1) / (double)total;
            }
        }
        return probabilities;
    }
}
