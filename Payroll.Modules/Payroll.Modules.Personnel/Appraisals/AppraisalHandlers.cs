using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClosedXML.Excel;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Personnel.Employees;
using Payroll.Modules.Personnel.Import;

namespace Payroll.Modules.Personnel.Appraisals;

/// <summary>Shared by entry and import: one upsert per person and year, with the change recorded as hashes.</summary>
internal sealed class AppraisalWriter(IClock clock)
{
    public static readonly IReadOnlyDictionary<string, AppraisalGrade> Words = new Dictionary<string, AppraisalGrade>
    {
        ["甲"] = AppraisalGrade.Jia, ["乙"] = AppraisalGrade.Yi, ["丙"] = AppraisalGrade.Bing, ["丁"] = AppraisalGrade.Ding,
    };

    private const string PreviousSql = "SELECT grade FROM personnel_appraisal WHERE employee_id = @employeeId AND year = @year";

    private const string UpsertSql = """
        INSERT INTO personnel_appraisal (employee_id, year, grade, decided_on, recorded_at, recorded_by)
        VALUES (@employeeId, @year, @grade, @decidedOn, @now, @actor)
        ON CONFLICT (employee_id, year) DO UPDATE SET grade = excluded.grade, decided_on = excluded.decided_on,
            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
        """;

    /// <summary>Writes the appraisal; returns the change to log (null when nothing changed).</summary>
    public async Task<RecordChange?> WriteAsync(DbConnection c, DbTransaction tx, long employeeId, int year, AppraisalGrade grade, DateOnly decidedOn, Actor actor, CancellationToken ct)
    {
        var previous = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(PreviousSql, new { employeeId, year }, tx, cancellationToken: ct));
        if (previous == grade.ToString())
        {
            return null;
        }

        await c.ExecuteAsync(new CommandDefinition(UpsertSql, new
        {
            employeeId, year, grade = grade.ToString(), decidedOn = EmployeeVersions.Iso(decidedOn), now = clock.UtcNow.ToUnixTimeMilliseconds(), actor = actor.Name,
        }, tx, cancellationToken: ct));
        string? Hash(string? value) => value is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{employeeId}|{year}|{value}")));
        return new RecordChange(actor, "Personnel", "appraisal", employeeId.ToString(CultureInfo.InvariantCulture) + "/" + year.ToString(CultureInfo.InvariantCulture),
            "grade", Hash(previous), Hash(grade.ToString()));
    }
}

internal sealed class SaveAppraisalHandler(IDbConnectionFactory db, AppraisalWriter writer, ISender sender) : IRequestHandler<SaveAppraisal, long>
{
    public async ValueTask<long> Handle(SaveAppraisal request, CancellationToken cancellationToken)
    {
        if (request.Year is < 1912 or > 9999)
        {
            throw new InvalidInputException([new InputError(null, "年度", "不合理的年度")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = request.EmployeeNo }, tx, cancellationToken: cancellationToken))
            ?? throw new InvalidInputException([new InputError(null, "員工編號", $"查無員工編號「{request.EmployeeNo}」")]);
        var change = await writer.WriteAsync(c, tx, id, request.Year, request.Grade, request.DecidedOn, request.Actor, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (change is not null)
        {
            await sender.Send(change, cancellationToken);
        }

        return id;
    }
}

internal sealed class GetAppraisalsHandler(IDbConnectionFactory db) : IRequestHandler<GetAppraisals, IReadOnlyList<Appraisal>>
{
    internal const string Columns = $"employee_id AS {nameof(Row.EmployeeId)}, year AS {nameof(Row.Year)}, grade AS {nameof(Row.Grade)}, decided_on AS {nameof(Row.DecidedOn)}";

    private const string YearSql = $"""
        SELECT {Columns} FROM personnel_appraisal WHERE year = @year ORDER BY employee_id
        """;

    public async ValueTask<IReadOnlyList<Appraisal>> Handle(GetAppraisals request, CancellationToken cancellationToken)
    {
        var wanted = request.EmployeeIds.ToHashSet();
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(YearSql, new { year = request.Year }, cancellationToken: cancellationToken));
        return rows.Where(r => wanted.Count == 0 || wanted.Contains(r.EmployeeId)).Select(r => r.ToAppraisal()).ToList();
    }

    internal sealed record Row
    {
        public long EmployeeId { get; init; }

        public int Year { get; init; }

        public string Grade { get; init; } = "";

        public string DecidedOn { get; init; } = "";

        public Appraisal ToAppraisal() => new(EmployeeId, Year, Enum.Parse<AppraisalGrade>(Grade), EmployeeVersions.ParseIso(DecidedOn));
    }
}

/// <summary>Shown to HR clerks and to the person only; recorded.</summary>
internal sealed class GetEmployeeAppraisalsHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetEmployeeAppraisals, IReadOnlyList<Appraisal>>
{
    private const string PersonSql = $"""
        SELECT {GetAppraisalsHandler.Columns} FROM personnel_appraisal
        WHERE employee_id = (SELECT id FROM personnel_employee WHERE employee_no = @no) ORDER BY year DESC
        """;

    public async ValueTask<IReadOnlyList<Appraisal>> Handle(GetEmployeeAppraisals request, CancellationToken cancellationToken)
    {
        long? id;
        List<Appraisal> result;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken));
            result = (await c.QueryAsync<GetAppraisalsHandler.Row>(new CommandDefinition(PersonSql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken)))
                .Select(r => r.ToAppraisal()).ToList();
        }

        var allowed = id is not null && (request.Actor.Roles.Contains("HrClerk") || request.Actor.EmployeeId == id);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "personnel/appraisals", id is null ? [] : [id.Value], ["appraisal"],
            allowed ? AccessOutcome.Allowed : AccessOutcome.Refused, allowed ? null : "only HR clerks and the person"), cancellationToken);
        return allowed ? result : [];
    }
}

internal sealed class GetMyAppraisalsHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyAppraisals, IReadOnlyList<Appraisal>>
{
    public async ValueTask<IReadOnlyList<Appraisal>> Handle(GetMyAppraisals request, CancellationToken cancellationToken) =>
        await SignedInPerson.NumberAsync(db, request.Actor, cancellationToken) is { } number
            ? await sender.Send(new GetEmployeeAppraisals(number, request.Actor), cancellationToken)
            : [];
}

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
