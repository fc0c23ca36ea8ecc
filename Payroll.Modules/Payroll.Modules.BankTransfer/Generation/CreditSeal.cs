using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>What a credit of a bank file pays, and to which account (the payee's bank and the account's last four digits).</summary>
internal sealed record Credit(string PayeeBank, string Last4, long Amount);

/// <summary>
/// The amounts and accounts of bank payments at rest (ADR 0006): each credit of a file, and each amount held back, is
/// one value sealed with the field cipher and bound to its row (the file and sequence, or the generation, and the
/// person), so a copy of the database shows neither what anyone is paid nor where. A file's count and total per payer
/// account stay in clear.
/// </summary>
internal sealed class CreditSeal(FieldCipher cipher)
{
    public const string PaymentTable = "banktransfer_payment";

    public const string HoldTable = "banktransfer_hold";

    public byte[] Seal(Credit credit, long fileId, long sequence, long employeeId) =>
        cipher.Encrypt(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{credit.PayeeBank}|{credit.Last4}|{credit.Amount}")),
            PaymentTable, "credit", PaymentRow(fileId, sequence, employeeId));

    public Credit Open(byte[] stored, long fileId, long sequence, long employeeId)
    {
        var parts = Encoding.UTF8.GetString(cipher.Decrypt(stored, PaymentTable, "credit", PaymentRow(fileId, sequence, employeeId))).Split('|');
        return parts.Length == 3 && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            ? new Credit(parts[0], parts[1], amount)
            : throw new FormatException("A bank payment's sealed credit is damaged.");
    }

    public byte[] SealHeld(long amount, long generationId, long employeeId)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, amount);
        return cipher.Encrypt(bytes, HoldTable, "held", HoldRow(generationId, employeeId));
    }

    public long OpenHeld(byte[] stored, long generationId, long employeeId) =>
        BinaryPrimitives.ReadInt64BigEndian(cipher.Decrypt(stored, HoldTable, "held", HoldRow(generationId, employeeId)));

    public byte[] ReencryptCredit(byte[] stored, long fileId, long sequence, long employeeId) =>
        cipher.Reencrypt(stored, PaymentTable, "credit", PaymentRow(fileId, sequence, employeeId));

    public byte[] ReencryptHeld(byte[] stored, long generationId, long employeeId) => cipher.Reencrypt(stored, HoldTable, "held", HoldRow(generationId, employeeId));

    private static string PaymentRow(long fileId, long sequence, long employeeId) => string.Create(CultureInfo.InvariantCulture, $"{fileId}/{sequence}/{employeeId}");

    private static string HoldRow(long generationId, long employeeId) => string.Create(CultureInfo.InvariantCulture, $"{generationId}/{employeeId}");
}
