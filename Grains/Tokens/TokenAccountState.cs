namespace Faucet.Tokens;

[GenerateSerializer, Alias("faucet.TokenAccountState")]
public sealed class TokenAccountState
{
    [Id(0)] public long Balance { get; set; }

    [Id(1)] public long LastEntryNo { get; set; }

    /// <summary>The UTC day (<see cref="DateOnly.DayNumber"/>) that <see cref="FreePullsUsed"/> counts.</summary>
    [Id(2)] public int FreePullDay { get; set; }

    [Id(3)] public int FreePullsUsed { get; set; }
}
