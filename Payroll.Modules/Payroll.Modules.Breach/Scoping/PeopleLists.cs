using ClosedXML.Excel;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Breach.Scoping;

/// <summary>Workbooks that name people: a list of employee numbers, and the people each legacy report held.</summary>
internal static class PeopleLists
{
    private static readonly string[] NumberHeaders = ["員工編號", "EmployeeNo", "employee_no"];

    /// <summary>Employee numbers from the first column of the first sheet (a header row is skipped), with their row numbers.</summary>
    public static IReadOnlyList<(int Row, string EmployeeNo)> EmployeeNumbers(byte[] workbook)
    {
        using var book = Open(workbook, "employeeList");
        var sheet = book.Worksheets.First();
        var rows = new List<(int, string)>();
        foreach (var row in sheet.RowsUsed())
        {
            var text = row.Cell(1).GetString().Trim();
            if (text.Length > 0 && !(row.RowNumber() == 1 && NumberHeaders.Contains(text)))
            {
                rows.Add((row.RowNumber(), text));
            }
        }

        return rows.Count == 0 ? throw new InvalidInputException([new InputError(null, "employeeList", "no employee numbers in the first column")]) : rows;
    }

    /// <summary>Sheet 報表 (or the first): 報表代號 and 員工編號 per row, one row per person of a report.</summary>
    public static IReadOnlyList<(int Row, string Report, string EmployeeNo)> LegacyReports(byte[] workbook)
    {
        using var book = Open(workbook, "legacyReports");
        var sheet = book.Worksheets.TryGetWorksheet("報表", out var named) ? named : book.Worksheets.First();
        var errors = new List<InputError>();
        var rows = new List<(int, string, string)>();
        foreach (var row in sheet.RowsUsed().Skip(1))
        {
            var report = row.Cell(1).GetString().Trim();
            var no = row.Cell(2).GetString().Trim();
            if (report.Length == 0 || no.Length == 0)
            {
                errors.Add(new InputError(row.RowNumber(), report.Length == 0 ? "報表代號" : "員工編號", "required"));
            }
            else
            {
                rows.Add((row.RowNumber(), report, no));
            }
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : rows;
    }

    private static XLWorkbook Open(byte[] workbook, string field)
    {
        try
        {
            return new XLWorkbook(new MemoryStream(workbook));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidInputException([new InputError(null, field, "not an .xlsx workbook")]);
        }
    }
}
