namespace Faucet.Configuration;

public enum SettlementOrder
{
    /// <summary>Users are paid in a seeded random order, and a limited batch is a random choice.</summary>
    Random,

    /// <summary>Users who have waited longest are paid first.</summary>
    Fifo,
}
