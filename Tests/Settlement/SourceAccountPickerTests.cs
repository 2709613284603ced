using Faucet.Money;
using Faucet.Settlement;

namespace Faucet.Tests.Settlement;

public sealed class SourceAccountPickerTests
{
    private static readonly BananoAddress A = Account(1), B = Account(2), C = Account(3);

    private static BananoAddress Account(byte seed) => BananoAddress.FromPublicKey(Enumerable.Repeat(seed, 32).ToArray());

    private static BanAmount Ban(string amount) => BanAmount.Parse(amount);

    [Fact]
    public void Payouts_are_shared_out_evenly_in_turn()
    {
        var picker = new SourceAccountPicker([(A, Ban("100")), (B, Ban("100")), (C, Ban("100"))]);

        var picked = Enumerable.Range(0, 7).Select(_ => picker.Pick(Ban("1"))).ToList();

        Assert.Equal([A, B, C, A, B, C, A], picked.Select(p => p!.Value));
    }

    [Fact]
    public void An_account_short_of_a_payout_is_passed_over_and_one_short_of_every_payout_is_left_out()
    {
        var picker = new SourceAccountPicker([(A, Ban("10")), (B, Ban("2")), (C, null)]);

        Assert.Equal(A, picker.Pick(Ban("5")));
        Assert.Equal(B, picker.Pick(Ban("2")));
        // A has 5 left, B nothing, and the node could not say what C has.
        Assert.Equal(A, picker.Pick(Ban("3")));
        Assert.Null(picker.Pick(Ban("3")));
        Assert.Equal(A, picker.Pick(Ban("2")));
        Assert.Equal(2, new SourceAccountPicker([(A, Ban("1")), (B, Ban("1")), (C, null)]).Funded);
    }

    [Fact]
    public void Sends_already_bound_to_an_account_count_in_its_share()
    {
        var picker = new SourceAccountPicker([(A, Ban("100")), (B, Ban("100"))]);
        picker.Queue(A);
        picker.Queue(A);

        Assert.Equal([B, B, A, B, A], Enumerable.Range(0, 5).Select(_ => picker.Pick(Ban("1"))!.Value));
    }

    [Fact]
    public void A_payout_given_back_returns_its_amount_and_its_place()
    {
        var picker = new SourceAccountPicker([(A, Ban("3")), (B, Ban("0"))]);
        var account = picker.Pick(Ban("3"))!.Value;
        Assert.Null(picker.Pick(Ban("3")));

        picker.GiveBack(account, Ban("3"));

        Assert.Equal(A, picker.Pick(Ban("3")));
    }
}
