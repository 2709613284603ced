namespace Faucet.Rewards;

public enum JournalAppendOutcome
{
    Appended,
    KeyAlreadyUsed,
    EntryNumberTaken,
}
