using System.Globalization;
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
internal sealed class ImportEmployeesHandler(IDbConnectionFactory db, EmployeeVersions versions, BlindIndex index, FieldCipher cipher, IClock clock)
    : IRequestHandler<ImportEmployees, EmployeeImportResult>
{
    public const long MaxBytes = 20 * 1024 * 1024;

    private const string CurrentSql = $"""
        WITH ranked AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
        )
        SELECT e.employee_no AS {nameof(Current.EmployeeNo)}, e.id AS {nameof(Current.Id)}, u.code AS {nameof(Current.UnitCode)}, r.name AS {nameof(Current.Name)},
               r.romanised_name AS {nameof(Current.RomanisedName)}, r.national_id_index AS {nameof(Current.NationalIdIndex)}, r.birth_date AS {nameof(Current.BirthDate)},
               r.staff_category AS {nameof(Current.Category)}, r.rank AS {nameof(Current.Rank)}, r.grade AS {nameof(Current.Grade)}, r.salary_points AS {nameof(Current.SalaryPoints)},
               r.professional_allowance_table AS {nameof(Current.ProfessionalAllowanceTable)}, r.professional_allowance_level AS {nameof(Current.ProfessionalAllowanceLevel)},
               r.supervisor_allowance_level AS {nameof(Current.SupervisorAllowanceLevel)}, r.area_allowance AS {nameof(Current.AreaAllowance)},
               r.nhi_dependents AS {nameof(Current.NhiDependents)}, r.insurance_group AS {nameof(Current.InsuranceGroup)}, r.pension_scheme AS {nameof(Current.Pension)},
               r.withholding_method AS {nameof(Current.Withholding)}, r.tax_dependents AS {nameof(Current.TaxDependents)}, r.tax_resident AS {nameof(Current.TaxResident)},
               r.bank_code AS {nameof(Current.BankCode)}, r.branch_code AS {nameof(Current.BranchCode)}, r.bank_account_index AS {nameof(Current.BankAccountIndex)},
               r.email AS {nameof(Current.Email)}, r.mobile AS {nameof(Current.Mobile)}, r.address AS {nameof(Current.Address)},
               r.status AS {nameof(Current.Status)}, r.status_date AS {nameof(Current.StatusDate)}
        FROM ranked r JOIN personnel_employee e ON e.id = r.employee_id JOIN personnel_unit u ON u.id = r.unit_id
        WHERE r.rn = 1
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

        var current = (await c.QueryAsync<Current>(new CommandDefinition(CurrentSql, transaction: tx, cancellationToken: cancellationToken)))
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
                rows.Add(versions.Row(existing.Id, reference.Units[input.UnitCode], input, request.EffectiveFrom, "Excel 匯入：" + request.FileName, request.Actor, now));
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

    private bool Same(Current c, EmployeeInput e)
    {
        var rowId = c.Id.ToString(CultureInfo.InvariantCulture);
        string? Clear(byte[]? value, string column) => value is null ? null : cipher.DecryptString(value, EmployeeVersions.Table, column, rowId);
        return c.UnitCode == e.UnitCode && c.Name == e.Name.Trim() && c.RomanisedName == e.RomanisedName
            && c.NationalIdIndex == index.Compute("national_id", Kernel.Identity.NationalId.Normalise(e.NationalId))
            && c.BirthDate == EmployeeVersions.Iso(e.BirthDate) && c.Category == e.Category.ToString() && c.Rank == e.Rank && c.Grade == e.Grade
            && c.SalaryPoints == e.SalaryPoints && c.ProfessionalAllowanceTable == e.ProfessionalAllowanceTable
            && c.ProfessionalAllowanceLevel == e.ProfessionalAllowanceLevel && c.SupervisorAllowanceLevel == e.SupervisorAllowanceLevel
            && c.AreaAllowance == e.AreaAllowance && c.NhiDependents == e.NhiDependents && c.InsuranceGroup == e.InsuranceGroup
            && c.Pension == e.Pension.ToString() && c.Withholding == e.Withholding.ToString() && c.TaxDependents == e.TaxDependents
            && c.TaxResident == e.TaxResident && c.BankCode == e.BankCode && c.BranchCode == e.BranchCode
            && c.BankAccountIndex == index.Compute("bank_account", e.BankAccount)
            && Clear(c.Email, "email") == e.Email?.Trim() && Clear(c.Mobile, "mobile") == e.Mobile?.Trim() && Clear(c.Address, "address") == e.Address?.Trim()
            && c.Status == e.Status.ToString() && c.StatusDate == EmployeeVersions.Iso(e.StatusDate);
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

    private sealed record Current
    {
        public string EmployeeNo { get; init; } = "";

        public long Id { get; init; }

        public string UnitCode { get; init; } = "";

        public string Name { get; init; } = "";

        public string? RomanisedName { get; init; }

        public string NationalIdIndex { get; init; } = "";

        public string BirthDate { get; init; } = "";

        public string Category { get; init; } = "";

        public string? Rank { get; init; }

        public int? Grade { get; init; }

        public int? SalaryPoints { get; init; }

        public string? ProfessionalAllowanceTable { get; init; }

        public int? ProfessionalAllowanceLevel { get; init; }

        public int? SupervisorAllowanceLevel { get; init; }

        public string? AreaAllowance { get; init; }

        public int NhiDependents { get; init; }

        public string InsuranceGroup { get; init; } = "";

        public string Pension { get; init; } = "";

        public string Withholding { get; init; } = "";

        public int TaxDependents { get; init; }

        public bool TaxResident { get; init; }

        public string BankCode { get; init; } = "";

        public string BranchCode { get; init; } = "";

        public string BankAccountIndex { get; init; } = "";

        public byte[]? Email { get; init; }

        public byte[]? Mobile { get; init; }

        public byte[]? Address { get; init; }

        public string Status { get; init; } = "";

        public string StatusDate { get; init; } = "";
    }
}
