using Faucet.Identities;
using Faucet.Players;
using Microsoft.Extensions.Time.Testing;

namespace Faucet.Tests.Players;

public sealed class IdentityKeyTests
{
    [Theory]
    [InlineData("discord:80351110224678912", "discord:80351110224678912")]
    [InlineData("Email:Ana@Example.org", "email:ana@example.org")]
    [InlineData(" epic:ABCdef0123 ", "epic:abcdef0123")]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]
    public void Canonicalises_so_one_identity_has_one_key(string input, string canonical)
    {
        Assert.Equal(canonical, IdentityKey.Parse(input).Value);
    }

    [Theory]
    [InlineData("discord:abc")]
    [InlineData("email:not-an-address")]
    [InlineData("twitter:someone")]
    [InlineData("did:key:6Mk")]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do")]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2d0K")]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiz iGiC2QtKLGpbnnEGta2doK")]
    [InlineData("discord:080351110224678912")]
    [InlineData("")]
    public void Refuses_unknown_schemes_and_malformed_subjects(string input)
    {
        Assert.False(IdentityKey.TryParse(input, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void User_ids_are_ulids_that_sort_by_creation_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var first = UserId.New(time);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var second = UserId.New(time);

        Assert.Equal(UserId.Length, first.Value.Length);
        Assert.True(string.CompareOrdinal(first.Value, second.Value) < 0);
        Assert.Equal(first, UserId.Parse(first.Value.ToLowerInvariant()));
        Assert.False(UserId.TryParse("not-a-ulid", out _));
    }
}
