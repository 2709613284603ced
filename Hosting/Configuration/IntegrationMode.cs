namespace Faucet.Configuration;

/// <summary>Whether an integration talks to the real service or to the built-in simulation (demo, dry run).</summary>
public enum IntegrationMode
{
    Simulated,
    Live,
}
