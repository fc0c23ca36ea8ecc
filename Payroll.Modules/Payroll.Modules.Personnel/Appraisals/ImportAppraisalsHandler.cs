using System.Globalization;
using ClosedXML.Excel;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel.Employees;
using Payroll.Modules.Personnel.Import;

namespace Payroll.Modules.Personnel.Appraisals;

internal sealed class ImportAppraisalsHandler(IDbConnectionFactory db, AppraisalWriter writer, ISender sender) : IRequestHandler<ImportAppraisals, EmployeeImportResult>
{
    public const string SheetName = "考績";
    private static readonly string[] Headings = ["員工編號", "年度", "考績等第", "核定日期"];

    public async ValueTask<EmployeeImportResult> Handle(ImportAppraisals request, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<(int Row, string No, int Year, AppraisalGrade Grade, DateOnly DecidedOn)>();
        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(request.Workbook));
            if (!workbook.TryGetWorksheet(SheetName, out var sheet))
            {
                return new EmployeeImportResult(0, 0, 0, 0, [new ImportProblem(0, "檔案", $"找不到工作表「{SheetName}」")]);
            }

            for (var i = 0; i < Headings.Length; i++)
            {
                if (sheet.Cell(1, i + 1).GetString().Trim() != Headings[i])
                {
                    problems.Add(new ImportProblem(1, Headings[i], $"第 {i + 1} 欄標題應為「{Headings[i]}」"));
                }
            }

            foreach (var row in problems.Count > 0 ? [] : sheet.RowsUsed().Where(r => r.RowNumber() > 1))
            {
                var n = row.RowNumber();
                if (Enumerable.Range(1, 4).Any(i => row.Cell(i).HasFormula))
                {
                    problems.Add(new ImportProblem(n, "考績等第", "資料儲存格不可含公式"));
                    continue;
                }

                var no = Cells.Text(row.Cell(1));
                var yearText = Cells.Text(row.Cell(2));
                var gradeText = Cells.Text(row.Cell(3));
                var dateText = Cells.Text(row.Cell(4));
                var ok = true;
                if (no.Length == 0)
                {
                    problems.Add(new ImportProblem(n, "員工編號", "必填"));
                    ok = false;
                }

                // The year may be written in ROC (115) or Gregorian (2026).
                if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1 or > 9999)
                {
                    problems.Add(new ImportProblem(n, "年度", $"「{yearText}」不是年度"));
                    ok = false;
                }
                else if (year < 1912)
                {
                    year += RocDate.Offset;
                }

                if (!AppraisalWriter.Words.TryGetValue(gradeText, out var grade))
                {
                    problems.Add(new ImportProblem(n, "考績等第", $"「{gradeText}」須為：甲、乙、丙、丁"));
                    ok = false;
                }

                var decided = row.Cell(4).DataType == XLDataType.DateTime ? DateOnly.FromDateTime(row.Cell(4).GetDateTime()) : default;
                if (decided == default && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out decided) && !RocDate.TryParse(dateText, out decided))
                {
                    problems.Add(new ImportProblem(n, "核定日期", $"「{dateText}」不是日期"));
                    ok = false;
                }

                if (ok)
                {
                    rows.Add((n, no, year, grade, decided));
                }
            }
        }
#pragma warning disable CA1031 // A damaged or foreign file gets one clear answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new EmployeeImportResult(0, 0, 0, 0, [new ImportProblem(0, "檔案", "無法讀取此 Excel 活頁簿（檔案損毀或格式不符）")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var seen = new HashSet<(string, int)>();
        foreach (var r in rows)
        {
            var id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = r.No }, tx, cancellationToken: cancellationToken));
            if (id is null)
            {
                problems.Add(new ImportProblem(r.Row, "員工編號", $"查無員工編號「{r.No}」"));
            }
            else
            {
                ids[r.No] = id.Value;
            }

            if (!seen.Add((r.No, r.Year)))
            {
                problems.Add(new ImportProblem(r.Row, "年度", $"{r.No} 的 {r.Year} 年考績重複"));
            }
        }

        if (problems.Count > 0)
        {
            return new EmployeeImportResult(rows.Count, 0, 0, 0, [.. problems.OrderBy(p => p.Row)]);
        }

        var changes = new List<RecordChange>();
        foreach (var r in rows)
        {
            if (await writer.WriteAsync(c, tx, ids[r.No], r.Year, r.Grade, r.DecidedOn, request.Actor, cancellationToken) is { } change)
            {
                changes.Add(change);
            }
        }

        await tx.CommitAsync(cancellationToken);
        foreach (var change in changes)
        {
            await sender.Send(change, cancellationToken);
        }

        return new EmployeeImportResult(rows.Count, 0, changes.Count, rows.Count - changes.Count, []);
    }
}
