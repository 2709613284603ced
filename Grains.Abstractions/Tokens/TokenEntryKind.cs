namespace Faucet.Tokens;

[GenerateSerializer, Alias("faucet.TokenEntryKind")]
public enum TokenEntryKind
{
    /// <summary>Tokens bought (a purchase completed).</summary>
    Purchase,

    /// <summary>A gacha pull: its price, or 0 for one of the day's free pulls.</summary>
    Pull,

    /// <summary>Tokens held for a guaranteed search job.</summary>
    Job,

    /// <summary>Tokens given back (a cancelled job, a refunded purchase takes them back as a negative refund).</summary>
    Refund,

    /// <summary>Tokens an operator gave.</summary>
    Grant,

    /// <summary>A disputed purchase's tokens held (a debit), and released again (a credit) if the dispute is won.</summary>
    Dispute,
}
