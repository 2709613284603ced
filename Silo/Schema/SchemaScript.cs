using System.Security.Cryptography;
using System.Text;

namespace Faucet.Silo.Schema;

/// <summary>One schema script: its path relative to the schema folder, its SQL, and the SQL's SHA-256.</summary>
public sealed record SchemaScript(string Name, string Sql)
{
    /// <summary>The checksum of the SQL with line endings normalised, so a checkout with CRLF endings matches
    /// the scripts that were applied from one with LF.</summary>
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
