using System.Buffers.Binary;
using System.Numerics;

namespace Faucet.Money;

/// <summary>
/// BLAKE2b (RFC 7693), unkeyed, with any digest length from 1 to 64 bytes. Banano's address checksum is a
/// 5-byte BLAKE2b digest, and the digest length is an input to the hash (not a truncation), which libsodium's
/// generic hash (16 bytes at least) cannot produce; hence this small implementation.
/// </summary>
public static class Blake2b
{
    private const int BlockBytes = 128;

    private static readonly ulong[] InitialState =
    [
        0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
        0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
    ];

    // The message word schedule of each of the 12 rounds (rounds 10 and 11 repeat rounds 0 and 1).
    private static readonly byte[][] Schedule =
    [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    ];

    public static void Hash(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        if (digest.Length is < 1 or > 64)
        {
            throw new ArgumentException("A BLAKE2b digest is 1 to 64 bytes.", nameof(digest));
        }

        Span<ulong> h = stackalloc ulong[8];
        InitialState.CopyTo(h);
        h[0] ^= 0x01010000UL ^ (ulong)digest.Length;

        Span<byte> block = stackalloc byte[BlockBytes];
        UInt128 counter = 0;
        var offset = 0;
        // Every full block but the last is compressed as it comes; the last (possibly partial, possibly
        // empty) block is padded with zeros and compressed with the final flag.
        while (message.Length - offset > BlockBytes)
        {
            counter += BlockBytes;
            Compress(h, message.Slice(offset, BlockBytes), counter, last: false);
            offset += BlockBytes;
        }
        block.Clear();
        message[offset..].CopyTo(block);
        counter += (ulong)(message.Length - offset);
        Compress(h, block, counter, last: true);

        Span<byte> output = stackalloc byte[64];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output[(i * 8)..], h[i]);
        }
        output[..digest.Length].CopyTo(digest);
    }

    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, UInt128 counter, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }

        Span<ulong> v = stackalloc ulong[16];
        h.CopyTo(v);
        InitialState.CopyTo(v[8..]);
        v[12] ^= (ulong)counter;
        v[13] ^= (ulong)(counter >> 64);
        if (last)
        {
            v[14] = ~v[14];
        }

        foreach (var s in Schedule)
        {
            Mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            Mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            Mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            Mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            Mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            Mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            Mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            Mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }

        for (var i = 0; i < 8; i++)
        {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private static void Mix(Span<ulong> v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] = v[a] + v[b] + x;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }
}
