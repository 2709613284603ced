using System.Buffers.Text;
using System.Text;
using Faucet.Vanity;
using NSec.Cryptography;

namespace Faucet.Tests.Vanity;

/// <summary>did:key encoding against the W3C did:key Ed25519 test vectors, and found keys exported in the forms other
/// tools import.</summary>
public sealed class DidKeyTests
{
    // From the did:key method's test vectors (ed25519-x25519.json): seed, public key (base58), did.
    public static TheoryData<string, string, string> Vectors => new()
    {
        { "0000000000000000000000000000000000000000000000000000000000000000", "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS", "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp" },
        { "0000000000000000000000000000000000000000000000000000000000000001", "6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt", "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG" },
        { "0000000000000000000000000000000000000000000000000000000000000002", "8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH", "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf" },
        { "0000000000000000000000000000000000000000000000000000000000000003", "HPYVwAQmskwT1qEEeRzhoomyfyupJGASQQtCXSNG8XS2", "did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ" },
        { "0000000000000000000000000000000000000000000000000000000000000004", "J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x", "did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_seed_gives_the_did_of_the_test_vector_and_the_did_decodes_back_to_its_public_key(string seedHex, string publicKeyBase58, string did)
    {
        var exported = KeyExports.FromSeed(Convert.FromHexString(seedHex));

        Assert.Equal(did, exported.Did);
        Assert.Equal(Base58.Decode(publicKeyBase58), Convert.FromHexString(exported.PublicKeyHex));
        Assert.Equal(did, DidKey.FromPublicKey(Base58.Decode(publicKeyBase58)));
        Assert.Equal(Base58.Decode(publicKeyBase58), DidKey.PublicKeyOf(did));
    }

    [Fact]
    public unsafe void The_fixed_size_encoder_agrees_with_plain_base58_and_libsodium_with_NSec_on_random_keys()
    {
        var seed = new byte[32];
        var publicKey = new byte[32];
        var secretKey = new byte[64];
        Span<byte> digits = stackalloc byte[DidKey.Digits];
        for (var i = 0; i < 200; i++)
        {
            Random.Shared.NextBytes(seed);
            fixed (byte* s = seed, p = publicKey, k = secretKey)
            {
                Sodium.SeedKeyPair(p, k, s);
            }
            Base58.DidKeyDigits(publicKey, digits);
            var fast = new string(digits.ToArray().Select(d => Base58.Alphabet[d]).ToArray());

            Assert.Equal(Base58.Encode([0xED, 0x01, .. publicKey]), fast);
            Assert.StartsWith("6Mk", fast, StringComparison.Ordinal);
            Assert.Equal(KeyExports.FromSeed(seed).Did, "did:key:z" + fast);
        }
    }

    [Fact]
    public void Each_export_of_a_found_key_imports_with_NSec_to_the_same_public_key()
    {
        var seed = new byte[32];
        Random.Shared.NextBytes(seed);
        var exported = KeyExports.FromSeed(seed);
        var algorithm = SignatureAlgorithm.Ed25519;

        using var fromJwk = Key.Import(algorithm, Base64Url.DecodeFromChars(exported.Jwk.D), KeyBlobFormat.RawPrivateKey);
        using var fromPem = Key.Import(algorithm, Encoding.ASCII.GetBytes(exported.Pkcs8Pem), KeyBlobFormat.PkixPrivateKeyText);
        using var fromHex = Key.Import(algorithm, Convert.FromHexString(exported.SeedHex), KeyBlobFormat.RawPrivateKey);

        var expected = Convert.FromHexString(exported.PublicKeyHex);
        Assert.Equal(("OKP", "Ed25519"), (exported.Jwk.Kty, exported.Jwk.Crv));
        Assert.Equal(expected, Base64Url.DecodeFromChars(exported.Jwk.X));
        Assert.All(new[] { fromJwk, fromPem, fromHex }, key => Assert.Equal(expected, key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", exported.Pkcs8Pem, StringComparison.Ordinal);
        Assert.Equal(expected, DidKey.PublicKeyOf(exported.Did));
    }

    [Theory]
    [InlineData("did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc")]
    [InlineData("did:key:z0OIl")]
    [InlineData("did:web:example.org")]
    public void Anything_but_an_Ed25519_did_key_has_no_public_key(string did) => Assert.Null(DidKey.PublicKeyOf(did));
}
