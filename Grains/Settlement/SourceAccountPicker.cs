using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>
/// Chooses the source account of each new payout in a round's turn. Every account sends its share one block after
/// another, so each payout goes to the account with the fewest sends so far (in turn, on a tie) among those that
/// still have the balance for it. An account short of the balance is passed over for the others; a payout no account
/// can make is left for a later round.
/// </summary>
public sealed class SourceAccountPicker
{
    private readonly BananoAddress[] accounts;
    private readonly UInt128[] available;
    private readonly int[] queued;
    private int next;

    /// <param name="balances">Each account and what it can send now (null when the node could not say: nothing).</param>
    public SourceAccountPicker(IReadOnlyList<(BananoAddress Account, BanAmount? Balance)> balances)
    {
        accounts = balances.Select(b => b.Account).ToArray();
        available = balances.Select(b => b.Balance?.Raw ?? UInt128.Zero).ToArray();
        queued = new int[accounts.Length];
    }

    /// <summary>Accounts with anything to send.</summary>
    public int Funded => available.Count(a => a > UInt128.Zero);

    /// <summary>Counts a send already bound to <paramref name="account"/> (a payout recorded before, sent again) in its share.</summary>
    public void Queue(BananoAddress account)
    {
        if (Array.IndexOf(accounts, account) is var i and >= 0)
        {
            queued[i]++;
        }
    }

    /// <summary>The account to send <paramref name="amount"/> from, its balance and share moved on; null when none has it.</summary>
    public BananoAddress? Pick(BanAmount amount)
    {
        var chosen = -1;
        for (var step = 0; step < accounts.Length; step++)
        {
            var i = (next + step) % accounts.Length;
            if (available[i] >= amount.Raw && (chosen < 0 || queued[i] < queued[chosen]))
            {
                chosen = i;
            }
        }
        if (chosen < 0)
        {
            return null;
        }
        available[chosen] -= amount.Raw;
        queued[chosen]++;
        next = (chosen + 1) % accounts.Length;
        return accounts[chosen];
    }

    /// <summary>Undoes a <see cref="Pick"/> whose payout was not recorded after all.</summary>
    public void GiveBack(BananoAddress account, BanAmount amount)
    {
        var i = Array.IndexOf(accounts, account);
        available[i] += amount.Raw;
        queued[i]--;
    }
}
