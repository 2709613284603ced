using Faucet.Money;
using Sodium = NSec.Cryptography;

namespace Faucet.Tests.Money;

public sealed class BananoAddressTests
{
    // The Nano documentation's example account, with Banano's prefix: the two share the encoding.
    private const string DocumentedKey = "E89208DD038FBB269987689621D52292AE9C35941A7484756ECCED92A65093BA";
    private const string DocumentedAddress = "ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3";

    // Banano's burn address: the all-zero key.
    private const string BurnAddress = "ban_1111111111111111111111111111111111111111111111111111hifc8npp";

    [Theory]
    [InlineData(DocumentedKey, DocumentedAddress)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", BurnAddress)]
    public void Encodes_a_public_key_as_its_known_address_and_back(string keyHex, string address)
    {
        var key = Convert.FromHexString(keyHex);

        Assert.Equal(address, BananoAddress.FromPublicKey(key).Value);
        Assert.Equal(key, BananoAddress.Parse(address).PublicKey());
    }

    [Theory]
    [InlineData("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr4", "wrong checksum")]
    [InlineData("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr", "64 characters")]
    [InlineData("nano_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "Nano address")]
    [InlineData("xrb_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "Nano address")]
    [InlineData("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncu0hr3", "'0' is not one of its characters")]
    [InlineData("ban_5t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "must start with 1 or 3")]
    [InlineData("3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "must start with ban_")]
    [InlineData(" " + DocumentedAddress, "whitespace around it")]
    [InlineData("\n" + DocumentedAddress, "whitespace around it")]
    [InlineData("\u00a0" + DocumentedAddress, "whitespace around it")]
    [InlineData(DocumentedAddress + "\r\n", "whitespace around it")]
    public void Refuses_what_is_not_a_valid_banano_address_and_says_why(string text, string reason)
    {
        Assert.False(BananoAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_single_mistyped_character_is_caught()
    {
        const string alphabet = "13456789abcdefghijkmnopqrstuwxyz";
        for (var position = 5; position < BananoAddress.Length; position++)
        {
            foreach (var replacement in alphabet.Where(c => c != DocumentedAddress[position]))
            {
                var typo = DocumentedAddress[..position] + replacement + DocumentedAddress[(position + 1)..];
                Assert.False(BananoAddress.TryParse(typo, out _, out _), typo);
            }
        }
    }

    [Fact]
    public void Random_keys_round_trip_through_their_address()
    {
        var random = new Random(20261122);
        var key = new byte[32];
        for (var i = 0; i < 500; i++)
        {
            random.NextBytes(key);
            var address = BananoAddress.FromPublicKey(key);
            Assert.Equal(key, BananoAddress.Parse(address.Value).PublicKey());
        }
    }

    [Fact]
    public void Blake2b_matches_the_rfc_7693_example()
    {
        var digest = new byte[64];
        Blake2b.Hash("abc"u8, digest);

        Assert.Equal(
            "BA80A53F981C4D0D6A2797B69F12F6E94C212F14685AC4B74B12BB6FDBFFA2D17D87C5392AAB792DC252D5DE4533CC9518D38AA8DBF1925AB92386EDD4009923",
            Convert.ToHexString(digest));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    public void Blake2b_agrees_with_libsodium_at_every_block_boundary(int length)
    {
        var message = new byte[length];
        new Random(length).NextBytes(message);
        var ours256 = new byte[32];
        var ours512 = new byte[64];

        Blake2b.Hash(message, ours256);
        Blake2b.Hash(message, ours512);

        Assert.Equal(Sodium.HashAlgorithm.Blake2b_256.Hash(message), ours256);
        Assert.Equal(Sodium.HashAlgorithm.Blake2b_512.Hash(message), ours512);
    }
}
