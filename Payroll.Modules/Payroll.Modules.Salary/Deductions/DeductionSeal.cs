using System.Globalization;
using System.Text;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.Salary.Deductions;

/// <summary>
/// A standing deduction's amounts at rest (ADR 0006): what it takes each month and, for a court's garnishment order,
/// the debt it enforces, sealed together with the field cipher and bound to the person (the row's id is known only
/// once written). A copy of the database shows who has a deduction of which kind, not how much or what they owe.
/// </summary>
internal sealed class DeductionSeal(FieldCipher cipher)
{
    public const string Table = "salary_standing_deduction";

    public byte[] Seal(long amount, long? totalDebt, long employeeId) => cipher.Encrypt(
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{amount}|{totalDebt}")), Table, "terms", RowId(employeeId));

    public (long Amount, long? TotalDebt) Open(byte[] stored, long employeeId)
    {
        var parts = Encoding.UTF8.GetString(cipher.Decrypt(stored, Table, "terms", RowId(employeeId))).Split('|');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            ? (amount, parts[1].Length == 0 ? null : long.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
            : throw new FormatException("A standing deduction's sealed amounts are damaged.");
    }

    public byte[] Reencrypt(byte[] stored, long employeeId) => cipher.Reencrypt(stored, Table, "terms", RowId(employeeId));

    private static string RowId(long employeeId) => employeeId.ToString(CultureInfo.InvariantCulture);
}
