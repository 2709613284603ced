namespace Faucet.Configuration;

/// <summary>What a boost multiplies: verified kills, accepted clicks or both.</summary>
public enum BoostAppliesTo
{
    Both,
    Kills,
    Clicks,
}
