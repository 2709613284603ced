namespace Faucet.Silo.Schema;

/// <summary>The schema cannot be brought up to date; the message names the script and why.</summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException(string message) : base(message) { }
    public SchemaMigrationException(string message, Exception inner) : base(message, inner) { }
}
