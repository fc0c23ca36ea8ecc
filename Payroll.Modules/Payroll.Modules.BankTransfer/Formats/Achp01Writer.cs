using System.Globalization;
using System.Text;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.BankTransfer.Formats;

/// <summary>Settings of an ACHP01 profile.</summary>
internal sealed record Achp01Options(string Encoding = "big5", bool AmountInCents = false, string Receiver = "9990250");

/// <summary>
/// The Taiwan Clearing House ACH 代收代付 file ACHP01 (V10) [S]: fixed 250-byte records ending CRLF — a header (BOF, ACHP01,
/// ROC date 0YYYMMDD, time, sender, receiver, V10), one detail per credit and a trailer (EOF, count, total). Whether
/// amounts are whole NT$ or hundredths is a profile setting [U]. Written record by record to the stream.
/// <para>A detail, by byte offset: 0 N, 1 SC, 3 transaction code (101 salary / 104 bonus), 6 sequence (8), 14 payer bank
/// (7), 21 payer account (16), 37 payee bank (7), 44 payee account (16), 60 amount (10), 70 response code (2: blank on
/// the way out, the bank's result in its return file), 72 employee number (20), 92 payee name (40, the profile's
/// encoding). The fields after the amount are our reading [U].</para>
/// </summary>
internal static class Achp01Writer
{
    public const int RecordLength = 250;
    public const int AmountAt = 60;
    public const int ResponseAt = 70;
    public const int EmployeeNoAt = 72;
    public const int NameAt = 92;
    private const int NameBytes = 40;
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    public static void Write(Stream output, BankFile file, IEnumerable<Payment> payments, Achp01Options options)
    {
        var encoding = PaymentChecks.Strict(options.Encoding);
        var taipei = RocDate.InTaipei(file.CreatedAt);
        var rocDate = RocCompact(DateOnly.FromDateTime(taipei.DateTime));
        var record = new byte[RecordLength];

        Fill(record);
        Put(record, 0, $"BOFACHP01{rocDate}{taipei:HHmmss}{file.PayerBank}{options.Receiver}V10");
        Emit(output, record);

        long count = 0, total = 0;
        foreach (var p in payments)
        {
            count++;
            var amount = options.AmountInCents ? checked(p.Amount * 100) : p.Amount;
            total = checked(total + p.Amount);
            Fill(record);
            Put(record, 0, string.Create(CultureInfo.InvariantCulture,
                $"NSC{(file.IsBonus ? "104" : "101")}{count:00000000}{file.PayerBank}{file.PayerAccount.PadLeft(16, '0')}{p.PayeeBank}{p.PayeeAccount.PadLeft(16, '0')}{amount:0000000000}"));
            PutText(record, EmployeeNoAt, 20, p.EmployeeNo, encoding);
            PutText(record, NameAt, NameBytes, p.Name, encoding);
            Emit(output, record);
        }

        Fill(record);
        Put(record, 0, string.Create(CultureInfo.InvariantCulture, $"EOF{count:00000000}{(options.AmountInCents ? checked(total * 100) : total):0000000000000000}"));
        Emit(output, record);
    }

    /// <summary>The ROC date in the file's 8 digits, <c>0YYYMMDD</c> (three-digit year: the 民國百年 lesson).</summary>
    public static string RocCompact(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"0{date.Year - 1911:000}{date.Month:00}{date.Day:00}");

    private static void Fill(byte[] record) => Array.Fill(record, (byte)' ');

    private static void Put(byte[] record, int at, string ascii)
    {
        if (at + ascii.Length > RecordLength || !Ascii.IsValid(ascii))
        {
            throw new InvalidOperationException("An ACHP01 field overflowed its record.");
        }

        Encoding.ASCII.GetBytes(ascii, 0, ascii.Length, record, at);
    }

    /// <summary>Text in at most <paramref name="width"/> bytes, never cutting a two-byte character in half.</summary>
    private static void PutText(byte[] record, int at, int width, string text, Encoding encoding)
    {
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var bytes = encoding.GetBytes(rune.ToString());
            if (used + bytes.Length > width)
            {
                break;
            }

            bytes.CopyTo(record, at + used);
            used += bytes.Length;
        }
    }

    private static void Emit(Stream output, byte[] record)
    {
        output.Write(record);
        output.Write(LineEnd);
    }
}
