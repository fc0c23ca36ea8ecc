using System.Text;
using ClosedXML.Excel;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Import;

/// <summary>All or nothing: every row is checked before anything is written, and a clean file is written in one transaction.</summary>
internal sealed class ImportEmployeesHandler(IDbConnectionFactory db, EmployeeVersions versions, FieldCipher cipher, IClock clock)
    : IRequestHandler<ImportEmployees, EmployeeImportResult>
{
    public const long MaxBytes = 20 * 1024 * 1024;

    private const string CurrentSql = $"""
        WITH ranked AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
        )
        SELECT {VersionRow.Columns}
        FROM ranked v JOIN personnel_employee e ON e.id = v.employee_id JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1
        """;

    private const string IdsSql = "SELECT employee_no, id FROM personnel_employee";

    private static readonly string[] EmployeeColumns = ["employee_no", "is_demo", "created_at", "created_by"];

    private static readonly Encoding Big5 = CreateBig5();

    public async ValueTask<EmployeeImportResult> Handle(ImportEmployees request, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var inputs = ReadWorkbook(request, problems);
        if (problems.Any(p => p.Row <= 1))
        {
            // The file itself or its headings are wrong: rows cannot be read meaningfully.
            return new EmployeeImportResult(inputs.Count, 0, 0, 0, problems);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var reference = await ReferenceData.LoadAsync(c, tx, cancellationToken);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, input) in inputs)
        {
            problems.AddRange(EmployeeRules.Validate(input, reference, row).Select(e => new ImportProblem(row, e.Field, e.Message)));
            if (seen.TryGetValue(input.EmployeeNo, out var first))
            {
                problems.Add(new ImportProblem(row, "員工編號", $"與第 {first} 列重複"));
            }
            else
            {
                seen[input.EmployeeNo] = row;
            }

            if (Unencodable(input.Name) is { } character)
            {
                problems.Add(new ImportProblem(row, "姓名", $"「{character}」無法以銀行檔案的 Big5 編碼表示，請改用造字對照或以英文姓名代替"));
            }
        }

        if (problems.Count > 0)
        {
            return new EmployeeImportResult(inputs.Count, 0, 0, 0, [.. problems.OrderBy(p => p.Row)]);
        }

        var current = (await c.QueryAsync<VersionRow>(new CommandDefinition(CurrentSql, transaction: tx, cancellationToken: cancellationToken)))
            .ToDictionary(x => x.EmployeeNo, StringComparer.Ordinal);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var fresh = inputs.Where(i => !current.ContainsKey(i.Input.EmployeeNo)).Select(i => i.Input.EmployeeNo).ToList();
        await BulkInsert.RunAsync(c, tx, "personnel_employee", EmployeeColumns, fresh.Select(n => new object?[] { n, false, now, request.Actor.Name }), cancellationToken);
        var ids = fresh.Count == 0
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : (await c.QueryAsync<(string No, long Id)>(new CommandDefinition(IdsSql, transaction: tx, cancellationToken: cancellationToken))).ToDictionary(x => x.No, x => x.Id, StringComparer.Ordinal);

        var rows = new List<object?[]>();
        int changed = 0, unchanged = 0;
        foreach (var (_, input) in inputs)
        {
            if (current.TryGetValue(input.EmployeeNo, out var existing))
            {
                if (Same(existing, input))
                {
                    unchanged++;
                    continue;
                }

                changed++;
                rows.Add(versions.Row(existing.EmployeeId, reference.Units[input.UnitCode], input, request.EffectiveFrom, "Excel 匯入：" + request.FileName, request.Actor, now));
            }
            else
            {
                rows.Add(versions.Row(ids[input.EmployeeNo], reference.Units[input.UnitCode], input, request.EffectiveFrom, "Excel 匯入：" + request.FileName, request.Actor, now));
            }
        }

        await EmployeeVersions.InsertAsync(c, tx, rows, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new EmployeeImportResult(inputs.Count, fresh.Count, changed, unchanged, []);
    }

    private static List<(int Row, EmployeeInput Input)> ReadWorkbook(ImportEmployees request, List<ImportProblem> problems)
    {
        var result = new List<(int, EmployeeInput)>();
        if (request.Workbook.Length > MaxBytes)
        {
            problems.Add(new ImportProblem(0, "檔案", $"檔案超過 {MaxBytes / 1024 / 1024} MB 上限"));
            return result;
        }

        // An .xlsx file is a zip archive: "PK\x03\x04".
        if (request.Workbook.Length < 4 || request.Workbook[0] != 0x50 || request.Workbook[1] != 0x4B || request.Workbook[2] != 3 || request.Workbook[3] != 4)
        {
            problems.Add(new ImportProblem(0, "檔案", "不是 Excel 活頁簿（.xlsx）；請用下載的範本"));
            return result;
        }

        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(request.Workbook));
        }
#pragma warning disable CA1031 // Whatever ClosedXML throws on a damaged file, the answer to the clerk is the same.
        catch (Exception)
#pragma warning restore CA1031
        {
            problems.Add(new ImportProblem(0, "檔案", "無法讀取此 Excel 活頁簿（檔案損毀或格式不符）"));
            return result;
        }

        using (workbook)
        {
            if (!workbook.TryGetWorksheet(EmployeeSheet.SheetName, out var sheet))
            {
                problems.Add(new ImportProblem(0, "檔案", $"找不到工作表「{EmployeeSheet.SheetName}」"));
                return result;
            }

            for (var column = 1; column <= EmployeeSheet.Headings.Length; column++)
            {
                var heading = sheet.Cell(1, column).GetString().Trim();
                if (heading != EmployeeSheet.Headings[column - 1])
                {
                    problems.Add(new ImportProblem(1, EmployeeSheet.Headings[column - 1], $"第 {column} 欄標題應為「{EmployeeSheet.Headings[column - 1]}」，而非「{heading}」"));
                }
            }

            if (problems.Count > 0)
            {
                return result;
            }

            foreach (var row in sheet.RowsUsed().Where(r => r.RowNumber() > 1))
            {
                if (EmployeeSheet.Read(row, problems) is { } input)
                {
                    result.Add((row.RowNumber(), input));
                }
            }

            if (result.Count == 0 && problems.Count == 0)
            {
                problems.Add(new ImportProblem(0, "檔案", "沒有任何資料列"));
            }
        }

        return result;
    }

    /// <summary>The stored version says the same as the row (identifiers compared in clear, text trimmed as it is saved).</summary>
    private bool Same(VersionRow current, EmployeeInput row) =>
        current.ToInput(cipher) == row with
        {
            Name = row.Name.Trim(),
            RomanisedName = Blank(row.RomanisedName),
            NationalId = Kernel.Identity.NationalId.Normalise(row.NationalId),
            Email = Blank(row.Email),
            Mobile = Blank(row.Mobile),
            Address = Blank(row.Address),
        };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Unencodable(string name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            try
            {
                Big5.GetBytes(rune.ToString());
            }
            catch (EncoderFallbackException)
            {
                return rune.ToString();
            }
        }

        return null;
    }

    private static Encoding CreateBig5()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(950, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
