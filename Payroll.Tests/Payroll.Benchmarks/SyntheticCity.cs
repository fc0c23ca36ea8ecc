using System.Globalization;
using ClosedXML.Excel;
using Payroll.Modules.Kernel.Identity;

namespace Payroll.Benchmarks;

/// <summary>
/// A whole city in the import workbook: valid, made-up people (employee numbers B000001…, one of 390 units each).
/// Shared by the benchmarks and the tests (compiled into both).
/// </summary>
internal static class SyntheticCity
{
    /// <summary>The demo city's employee numbers, D000001 onwards.</summary>
    public static IEnumerable<string> DemoEmployeeNumbers(int count) =>
        Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"D{i:000000}"));

    /// <summary>A list of people an officer uploads for an incident: employee numbers in the first column, under an optional heading.</summary>
    public static byte[] NumberList(IEnumerable<string> numbers, string? heading = null)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("名單");
        var row = 1;
        if (heading is not null)
        {
            sheet.Cell(row++, 1).SetValue(heading);
        }

        foreach (var number in numbers)
        {
            sheet.Cell(row++, 1).SetValue(number);
        }

        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The import template (<c>GetEmployeeImportTemplate</c>) with <paramref name="employees"/> people filled in.</summary>
    public static byte[] ImportWorkbook(byte[] template, int employees)
    {
        using var input = new MemoryStream(template);
        using var workbook = new XLWorkbook(input);
        var sheet = workbook.Worksheet(1);
        var random = new Random(7);
        for (var i = 1; i <= employees; i++)
        {
            var id = NationalId.Create((char)('A' + (i % 26)), NationalIdKind.Citizen, 1 + (i % 2), i % 10_000_000);
            string[] row =
            [
                string.Create(CultureInfo.InvariantCulture, $"B{i:000000}"), string.Create(CultureInfo.InvariantCulture, $"U{1 + (i % 390):0000}"), "測試員", "", id, "1985-01-01",
                "公務人員", "薦任", "6", (380 + random.Next(60)).ToString(CultureInfo.InvariantCulture), "一般行政", "6", "", "", "1", "公保", "退撫基金", "扣繳稅額表", "1", "是",
                "004", "0037", (10_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture), "", "", "", "在職", "2020-01-01",
            ];
            for (var c = 0; c < row.Length; c++)
            {
                sheet.Cell(i + 1, c + 1).SetValue(row[c]);
            }
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
