using Faucet.Money;

namespace Faucet.Tests.Money;

public sealed class BanAmountTests
{
    [Theory]
    [InlineData("2.1", "210000000000000000000000000000")]
    [InlineData("50", "5000000000000000000000000000000")]
    [InlineData("0.00000000000000000000000000001", "1")]
    [InlineData("0", "0")]
    [InlineData(".5", "50000000000000000000000000000")]
    public void Parses_decimal_ban_into_exact_raw(string ban, string raw)
    {
        Assert.Equal(raw, BanAmount.Parse(ban).ToRawString());
    }

    [Theory]
    [InlineData("2.10", "2.1")]
    [InlineData("0050", "50")]
    [InlineData("0.00000000000000000000000000001", "0.00000000000000000000000000001")]
    [InlineData("3402823669.20938463463374607431768211455", "3402823669.20938463463374607431768211455")]
    public void Prints_decimal_ban_without_trailing_zeros_and_round_trips(string input, string printed)
    {
        var amount = BanAmount.Parse(input);
        Assert.Equal(printed, amount.ToString());
        Assert.Equal(amount, BanAmount.Parse(amount.ToString()));
    }

    [Theory]
    [InlineData("-1", "negative")]
    [InlineData("0.000000000000000000000000000001", "more than 29 decimal places")]
    [InlineData("3402823669.20938463463374607431768211456", "larger than any amount")]
    [InlineData("1e5", "not a decimal amount")]
    [InlineData("1.2.3", "not a decimal amount")]
    [InlineData("", "required")]
    [InlineData("+1", "has a sign")]
    [InlineData(" 1", "whitespace")]
    [InlineData("1\n", "whitespace")]
    [InlineData("\u00a01", "whitespace")]
    public void Refuses_what_is_not_an_exact_amount_and_says_why(string input, string reason)
    {
        Assert.False(BanAmount.TryParse(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Orders_by_raw_value()
    {
        Assert.True(BanAmount.Parse("0.1") < BanAmount.Parse("0.10000000000000000000000000001"));
        Assert.True(BanAmount.Parse("50") >= BanAmount.Parse("50.0"));
    }
}
