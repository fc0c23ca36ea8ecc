using System.Security.Cryptography;

namespace Payroll.Modules.Vault.Documents;

/// <summary>Random 128-bit identifiers, hex: nothing to guess, nothing personal (SECURITY.md rule 5).</summary>
internal static class DocumentIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    public const string ContentTable = "vault_document_content";
    public const string ContentColumn = "content";
}
