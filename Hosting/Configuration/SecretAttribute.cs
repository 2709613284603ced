namespace Faucet.Configuration;

/// <summary>Marks an option whose value must never be printed, logged or served.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
