using System.Globalization;
using Payroll.Modules.Salary.Documents;

namespace Payroll.Modules.Salary.Registers;

/// <summary>Writes a register as .xlsx, streamed one row at a time (<see cref="StreamingWorkbook"/>).</summary>
internal static class RegisterWorkbook
{
    /// <summary>Each line of the sheet: the kind of row and its cells (text or number).</summary>
    private static IEnumerable<(bool Bold, object?[] Cells)> Lines(RegisterData data)
    {
        yield return (true, [data.Title]);
        yield return data.Mark is { } mark ? (true, [mark]) : (false, []);
        yield return (true, RegisterColumns.Headings);
        var all = new List<RegisterRow>();
        foreach (var unit in data.Units)
        {
            var paid = unit.Rows.Where(r => r.Exception is null).ToList();
            var n = 0;
            foreach (var row in paid)
            {
                yield return (false, Row(++n, row, row.Account, null));
            }

            yield return (true, Total($"{unit.UnitCode} 小計（{paid.Count} 人）", paid));
            foreach (var row in unit.Rows.Where(r => r.Exception is not null))
            {
                yield return (false, Row(null, row, row.Account, "例外，不列入合計：" + row.Exception));
            }

            all.AddRange(paid);
        }

        yield return (false, []);
        yield return (true, Total($"總計（{all.Count} 人）", all));
        yield return (false, []);
        yield return (false, [data.Footer]);
    }

    private static object?[] Row(int? n, RegisterRow r, string account, string? remark) =>
        [n, r.EmployeeNo, r.Name, r.NationalIdMasked, string.Create(CultureInfo.InvariantCulture, $"{r.DaysPaid}/{r.DaysInPeriod}"),
         .. RegisterColumns.Figures(r.Amounts, r.Gross, r.Deductions, r.Net).Cast<object?>(), account, remark];

    private static object?[] Total(string label, List<RegisterRow> rows)
    {
        var amounts = Enumerable.Range(0, RegisterColumns.Amounts.Length).Select(i => rows.Sum(r => r.Amounts[i])).ToArray();
        return [null, label, null, null, null, .. RegisterColumns.Figures(amounts, rows.Sum(r => r.Gross), rows.Sum(r => r.Deductions), rows.Sum(r => r.Net)).Cast<object?>(), null, null];
    }

    public static byte[] Write(RegisterData data)
    {
        var widths = RegisterColumns.Headings.Select((h, i) => i == 2 || i == RegisterColumns.Headings.Length - 1 ? 14d : i == RegisterColumns.Headings.Length - 2 ? 18d : 11d).ToList();
        return StreamingWorkbook.Write([new StreamingSheet("薪資清冊", Lines(data).Select(l => new SheetLine(l.Bold, l.Cells)), widths, 3, data.Footer)]);
    }
}
