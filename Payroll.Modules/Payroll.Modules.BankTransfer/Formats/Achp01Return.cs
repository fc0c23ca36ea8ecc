using System.Globalization;
using System.Text;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.BankTransfer.Formats;

/// <summary>One detail of an ACHP01 result file: which credit (sequence, accounts, amount) and the bank's response code.</summary>
internal sealed record ReturnDetail(int Line, long Sequence, string PayerBank, string PayerAccount, string PayeeBank, string PayeeAccount, long Amount, string Code);

/// <summary>
/// Reads the file the bank sends back for an ACHP01 file: the same records, each detail with its response code at byte
/// <see cref="Achp01Writer.ResponseAt"/> ("00" paid, anything else rejected). Every shape problem is named by its line;
/// the trailer's count and total must match the details.
/// </summary>
internal static class Achp01Return
{
    /// <summary>Response codes of ACH credits as we read them [U]; an unknown code is reported with its number.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["00"] = "成功",
        ["02"] = "非委託用戶",
        ["03"] = "已終止委託",
        ["04"] = "無此帳號",
        ["05"] = "收受者統編錯誤",
        ["10"] = "帳號已結清",
        ["11"] = "靜止戶",
        ["12"] = "凍結戶",
        ["13"] = "帳戶遭法院強制執行",
        ["14"] = "警示戶",
        ["15"] = "收受者已死亡",
        ["22"] = "帳號與戶名不符",
        ["99"] = "其他",
    };

    public const string Success = "00";

    public static string Reason(string code) => Reasons.TryGetValue(code, out var r) ? r : $"代碼 {code}";

    public static IReadOnlyList<ReturnDetail> Parse(byte[] content, bool amountInCents)
    {
        var errors = new List<InputError>();
        var lines = Split(content);
        if (lines.Count < 2 || !StartsWith(lines[0], "BOFACHP01") || !StartsWith(lines[^1], "EOF"))
        {
            throw new InvalidInputException([new InputError(lines.Count == 0 ? 1 : null, "file", "not an ACHP01 file: it starts with BOFACHP01 and ends with an EOF record")]);
        }

        var details = new List<ReturnDetail>();
        for (var i = 1; i < lines.Count - 1; i++)
        {
            var line = i + 1;
            var r = lines[i];
            if (r.Length != Achp01Writer.RecordLength || !StartsWith(r, "NSC"))
            {
                errors.Add(new InputError(line, "record", $"a detail is {Achp01Writer.RecordLength} bytes starting NSC (found {r.Length} bytes)"));
                continue;
            }

            var head = Encoding.ASCII.GetString(r, 0, Achp01Writer.ResponseAt + 2);
            if (!long.TryParse(head.AsSpan(6, 8), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !long.TryParse(head.AsSpan(Achp01Writer.AmountAt, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                errors.Add(new InputError(line, "sequence/amount", "digits expected"));
                continue;
            }

            var code = head.Substring(Achp01Writer.ResponseAt, 2);
            if (code.Trim().Length == 0)
            {
                errors.Add(new InputError(line, "response code", "blank: the bank has not answered for this credit (is this the file we sent?)"));
                continue;
            }

            if (amountInCents && amount % 100 != 0)
            {
                errors.Add(new InputError(line, "amount", "not a whole NT$ amount"));
                continue;
            }

            details.Add(new ReturnDetail(line, sequence, head.Substring(14, 7), head.Substring(21, 16).TrimStart('0'), head.Substring(37, 7),
                head.Substring(44, 16).TrimStart('0'), amountInCents ? amount / 100 : amount, code));
        }

        var trailer = Encoding.ASCII.GetString(lines[^1]);
        if (trailer.Length < 27 || !int.TryParse(trailer.AsSpan(3, 8), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count != lines.Count - 2)
        {
            errors.Add(new InputError(lines.Count, "count", $"the trailer's count does not match the {lines.Count - 2} details"));
        }
        else if (errors.Count == 0 && long.TryParse(trailer.AsSpan(11, 16), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                 && (amountInCents ? total / 100 : total) != details.Sum(d => d.Amount))
        {
            errors.Add(new InputError(lines.Count, "total", "the trailer's total does not match the details"));
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : details;
    }

    private static bool StartsWith(byte[] record, string ascii) => record.AsSpan().StartsWith(Encoding.ASCII.GetBytes(ascii));

    private static List<byte[]> Split(byte[] content)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= content.Length; i++)
        {
            if (i == content.Length || content[i] == (byte)'\n')
            {
                var end = i > start && content[i - 1] == (byte)'\r' ? i - 1 : i;
                if (end > start || i < content.Length)
                {
                    lines.Add(content[start..end]);
                }

                start = i + 1;
            }
        }

        return lines;
    }
}
