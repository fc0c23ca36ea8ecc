using System.Data.Common;
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

/// <summary>
/// All or nothing: every row is checked before anything is written, and a clean file is written in one transaction. New
/// people and changes that need a second HR clerk (<see cref="PendingRules.Why"/>) are kept as pending changes of one
/// batch; a person with a change already waiting is a problem on that row unless the row says the same.
/// </summary>
internal sealed class ImportEmployeesHandler(IDbConnectionFactory db, EmployeeVersions versions, PendingChangeStore pending, FieldCipher cipher, IClock clock)
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

    private const string OpenSql = $"SELECT employee_id, id, change_key, input FROM {PendingChangeStore.Table} WHERE state = 'Pending'";

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
        var ids = await IdsAsync(c, tx, cancellationToken);
        var fresh = inputs.Where(i => !ids.ContainsKey(i.Input.EmployeeNo)).Select(i => i.Input.EmployeeNo).ToList();
        if (fresh.Count > 0)
        {
            await BulkInsert.RunAsync(c, tx, "personnel_employee", EmployeeColumns, fresh.Select(n => new object?[] { n, false, now, request.Actor.Name }), cancellationToken);
            ids = await IdsAsync(c, tx, cancellationToken);
        }

        // A person with a change waiting: the same record again is nothing new; anything else must wait for that decision.
        var open = (await c.QueryAsync<(long EmployeeId, long Id, string Key, byte[] Input)>(new CommandDefinition(OpenSql, transaction: tx, cancellationToken: cancellationToken)))
            .ToDictionary(x => x.EmployeeId);
        var today = RocDate.TaipeiDate(clock.UtcNow);
        var reason = "Excel 匯入：" + request.FileName;
        var batch = Guid.NewGuid().ToString("N")[..12];
        var rows = new List<object?[]>();
        var waiting = new List<object?[]>();
        int created = 0, changed = 0, unchanged = 0;
        foreach (var (row, input) in inputs)
        {
            var id = ids[input.EmployeeNo];
            var normal = PendingRules.Normalise(input);
            if (open.TryGetValue(id, out var pendingChange))
            {
                if (pending.Read(pendingChange.Key, pendingChange.Input) == normal)
                {
                    unchanged++;
                }
                else
                {
                    problems.Add(new ImportProblem(row, "員工編號", PendingChangeStore.AlreadyPending(pendingChange.Id).Message));
                }

                continue;
            }

            var before = current.GetValueOrDefault(input.EmployeeNo)?.ToInput(cipher);
            if (before is not null && PendingRules.Normalise(before) == normal)
            {
                unchanged++;
                continue;
            }

            _ = before is null ? created++ : changed++;
            var unitId = reference.Units[input.UnitCode];
            var why = PendingRules.Why(before, input, request.EffectiveFrom, today);
            if (why.Count > 0)
            {
                waiting.Add(pending.Row(batch, id, unitId, input, request.EffectiveFrom, reason, why, request.Actor, now));
            }
            else
            {
                rows.Add(versions.Row(id, unitId, input, request.EffectiveFrom, reason, request.Actor.Name, now, new VersionProvenance(PendingRules.PayFields(before, input))));
            }
        }

        if (problems.Count > 0)
        {
            return new EmployeeImportResult(inputs.Count, 0, 0, 0, problems);
        }

        await EmployeeVersions.InsertAsync(c, tx, rows, cancellationToken);
        await PendingChangeStore.AddAsync(c, tx, waiting, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new EmployeeImportResult(inputs.Count, created, changed, unchanged, [], waiting.Count, waiting.Count > 0 ? batch : null);
    }

    private static async Task<Dictionary<string, long>> IdsAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        (await c.QueryAsync<(string No, long Id)>(new CommandDefinition(IdsSql, transaction: tx, cancellationToken: ct))).ToDictionary(x => x.No, x => x.Id, StringComparer.Ordinal);

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
