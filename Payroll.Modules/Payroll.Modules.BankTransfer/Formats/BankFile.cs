using System.Text;

namespace Payroll.Modules.BankTransfer.Formats;

/// <summary>
/// One bank file: the payer's account and everything the header and trailer say. <see cref="CreatedAt"/> comes from the
/// run (its approval), never from the clock, so generating the file again gives the same bytes.
/// </summary>
internal sealed record BankFile(
    long RunId, string Period, bool IsBonus, string PayerBank, string PayerAccount, string PayerName, DateTimeOffset CreatedAt, DateOnly PayDate)
{
    /// <summary>The message id the bank sees: derived from the run and the payer account, the same every time.</summary>
    public string MessageId => $"PAYROLL-R{RunId}-{PayerBank}-{PayerAccount[^4..]}";
}

/// <summary>One credit: the person, their bank (3-digit bank + 4-digit branch) and account, and the net to pay.</summary>
internal sealed record Payment(long EmployeeId, string EmployeeNo, string Name, string PayeeBank, string PayeeAccount, long Amount);

/// <summary>What stops a payment from going into a file, named with the person and the field.</summary>
internal sealed record PaymentProblem(string EmployeeNo, string Field, string Message)
{
    public override string ToString() => $"{EmployeeNo}「{Field}」：{Message}";
}

/// <summary>The checks every payee passes before a file is written: the bank code, the account, the amount, the name's characters.</summary>
internal static class PaymentChecks
{
    static PaymentChecks() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The profile's text encoding that refuses, rather than replaces, a character it cannot write.</summary>
    public static Encoding Strict(string name) =>
        Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    public static IEnumerable<PaymentProblem> Check(Payment p, Encoding encoding)
    {
        if (p.PayeeBank.Length != 7 || !p.PayeeBank.All(char.IsAsciiDigit))
        {
            yield return new PaymentProblem(p.EmployeeNo, "銀行代碼", "須為 3 碼銀行加 4 碼分行");
        }

        if (p.PayeeAccount.Length is < 10 or > 16 || !p.PayeeAccount.All(char.IsAsciiDigit))
        {
            yield return new PaymentProblem(p.EmployeeNo, "帳號", "須為 10 至 16 位數字");
        }

        if (p.Amount <= 0)
        {
            yield return new PaymentProblem(p.EmployeeNo, "金額", "實發須大於 0");
        }

        if (Unencodable(p.Name, encoding) is { } bad)
        {
            yield return new PaymentProblem(p.EmployeeNo, "姓名", $"「{bad}」無法以 {encoding.WebName} 編碼；請設定替代字或改以其他方式發放");
        }
    }

    /// <summary>The first character (or surrogate pair) of <paramref name="text"/> the encoding cannot write, or null.</summary>
    public static string? Unencodable(string text, Encoding encoding)
    {
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var unit = text.Substring(i, char.IsSurrogatePair(text, i) ? 2 : 1);
            try
            {
                encoding.GetByteCount(unit);
            }
            catch (EncoderFallbackException)
            {
                return unit;
            }
        }

        return null;
    }
}
