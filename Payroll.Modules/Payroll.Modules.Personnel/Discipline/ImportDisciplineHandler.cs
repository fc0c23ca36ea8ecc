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

namespace Payroll.Modules.Personnel.Discipline;

/// <summary>
/// A sheet 獎懲 from the personnel office: every row checked first (problems by row and column), then all written in one
/// transaction or none. A row already recorded (same person, kind, basis, date and reference) is left as it is.
/// </summary>
internal sealed class ImportDisciplineHandler(IDbConnectionFactory db, DisciplineWriter writer, ISender sender) : IRequestHandler<ImportDiscipline, EmployeeImportResult>
{
    public const string SheetName = "獎懲";
    private static readonly string[] Headings = ["員工編號", "獎懲種類", "依據", "核定日期", "文號"];

    public async ValueTask<EmployeeImportResult> Handle(ImportDiscipline request, CancellationToken cancellationToken)
    {
        DisciplineWriter.CheckWriter(request.Actor);
        var problems = new List<ImportProblem>();
        var rows = new List<(int Row, string No, DisciplineKind Kind, DisciplineBasis Basis, DateOnly DecidedOn, string Reference)>();
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
                if (Enumerable.Range(1, Headings.Length).Any(i => row.Cell(i).HasFormula))
                {
                    problems.Add(new ImportProblem(n, "獎懲種類", "資料儲存格不可含公式"));
                    continue;
                }

                var no = Cells.Text(row.Cell(1));
                var kindText = Cells.Text(row.Cell(2));
                var basisText = Cells.Text(row.Cell(3));
                var dateText = Cells.Text(row.Cell(4));
                var reference = Cells.Text(row.Cell(5));
                var ok = true;
                if (no.Length == 0)
                {
                    problems.Add(new ImportProblem(n, "員工編號", "必填"));
                    ok = false;
                }

                if (!DisciplineWriter.KindWords.TryGetValue(kindText, out var kind))
                {
                    problems.Add(new ImportProblem(n, "獎懲種類", $"「{kindText}」須為：{string.Join("、", DisciplineWriter.KindWords.Keys)}"));
                    ok = false;
                }

                if (!DisciplineWriter.BasisWords.TryGetValue(basisText, out var basis))
                {
                    problems.Add(new ImportProblem(n, "依據", $"「{basisText}」須為：{string.Join("、", DisciplineWriter.BasisWords.Keys)}"));
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
                    var errors = DisciplineWriter.Check(kind, basis, reference, n).ToList();
                    problems.AddRange(errors.Select(e => new ImportProblem(n, e.Field, e.Message)));
                    if (errors.Count == 0)
                    {
                        rows.Add((n, no, kind, basis, decided, reference));
                    }
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
        var seen = new HashSet<(string, DisciplineKind, DisciplineBasis, DateOnly, string)>();
        foreach (var r in rows)
        {
            if (await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = r.No }, tx, cancellationToken: cancellationToken)) is { } id)
            {
                ids[r.No] = id;
            }
            else
            {
                problems.Add(new ImportProblem(r.Row, "員工編號", $"查無員工編號「{r.No}」"));
            }

            if (!seen.Add((r.No, r.Kind, r.Basis, r.DecidedOn, r.Reference.Trim())))
            {
                problems.Add(new ImportProblem(r.Row, "文號", $"與前面一列重複（{r.No} {r.Reference}）"));
            }
        }

        if (problems.Count > 0)
        {
            return new EmployeeImportResult(rows.Count, 0, 0, 0, [.. problems.OrderBy(p => p.Row)]);
        }

        var changes = new List<RecordChange>();
        foreach (var r in rows)
        {
            if (!await DisciplineWriter.ExistsAsync(c, tx, ids[r.No], r.Kind, r.Basis, r.DecidedOn, r.Reference, cancellationToken))
            {
                changes.Add((await writer.InsertAsync(c, tx, ids[r.No], r.Kind, r.Basis, r.DecidedOn, r.Reference, request.Actor, cancellationToken)).Change);
            }
        }

        await tx.CommitAsync(cancellationToken);
        foreach (var change in changes)
        {
            await sender.Send(change, cancellationToken);
        }

        return new EmployeeImportResult(rows.Count, changes.Count, 0, rows.Count - changes.Count, []);
    }
}
