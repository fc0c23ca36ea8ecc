using System.Globalization;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>
/// Free text that can carry personal data (a mail server's refusal naming the address, a note a person typed), sealed
/// in a text column: <c>sealed1:KEYID:BASE64</c>, the base64 of the field cipher's stored form, bound to the table,
/// column and row like every protected value. The key id stands in clear (as it does in the binary form) so that a
/// rotation finds the values still under an older key with a plain LIKE. Text the system writes itself (a fixed
/// sentence of its own) may stay in clear: <see cref="Open"/> gives back any value without the prefix as it is.
/// </summary>
public static class SealedText
{
    public const string Prefix = "sealed1:";

    /// <summary>What every value sealed under <paramref name="keyId"/> starts with (a rotation's LIKE pattern adds <c>%</c>).</summary>
    public static string PrefixOf(int keyId) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{keyId}:");

    public static string? Seal(this FieldCipher cipher, string? text, string table, string column, string rowId) =>
        text is null ? null : PrefixOf(cipher.ActiveKeyId) + Convert.ToBase64String(cipher.EncryptString(text, table, column, rowId));

    public static string? Open(this FieldCipher cipher, string? stored, string table, string column, string rowId)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }

        var body = stored.AsSpan(Prefix.Length);
        var colon = body.IndexOf(':');
        return colon <= 0
            ? throw new System.Security.Cryptography.CryptographicException("A sealed text without its key id.")
            : cipher.DecryptString(Convert.FromBase64String(body[(colon + 1)..].ToString()), table, column, rowId);
    }

    /// <summary>The value under the active key (a rotation); one already under it, or not sealed, is returned unchanged.</summary>
    public static string? Reseal(this FieldCipher cipher, string? stored, string table, string column, string rowId) =>
        stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal) || stored.StartsWith(PrefixOf(cipher.ActiveKeyId), StringComparison.Ordinal)
            ? stored
            : cipher.Seal(cipher.Open(stored, table, column, rowId), table, column, rowId);
}
