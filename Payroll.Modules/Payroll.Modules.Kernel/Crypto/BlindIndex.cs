using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>
/// Keyed HMAC-SHA256 of a normalised value, for equality lookups on encrypted columns (find an employee by national
/// ID without decrypting every row). Under its own key: the index alone does not let anyone test guesses.
/// </summary>
public sealed class BlindIndex(FieldKeyRing keys)
{
    /// <summary>Hex digest of <paramref name="value"/> normalised (trimmed, upper-case, inner spaces and dashes removed), scoped by <paramref name="purpose"/>.</summary>
    public string Compute(string purpose, string value)
    {
        var normalised = Normalise(value);
        return Convert.ToHexStringLower(HMACSHA256.HashData(keys.BlindIndexKey, Encoding.UTF8.GetBytes(purpose + "\u001f" + normalised)));
    }

    public static string Normalise(string value) =>
        new string(value.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpper(CultureInfo.InvariantCulture);
}
