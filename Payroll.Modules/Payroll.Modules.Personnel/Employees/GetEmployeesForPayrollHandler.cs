using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Who is paid for a period and on what basis: each person's state on the period's last day (people who left before
/// it began are not included), and the fields that changed inside the period with the day they changed.
/// </summary>
internal sealed class GetEmployeesForPayrollHandler(IDbConnectionFactory db) : IRequestHandler<GetEmployeesForPayroll, IReadOnlyList<PayrollEmployee>>
{
    private const string Fields = $"""
        v.employee_id AS {nameof(Row.EmployeeId)}, e.employee_no AS {nameof(Row.EmployeeNo)}, u.code AS {nameof(Row.UnitCode)},
        v.effective_from AS {nameof(Row.EffectiveFrom)}, v.staff_category AS {nameof(Row.Category)}, v.rank AS {nameof(Row.Rank)},
        v.grade AS {nameof(Row.Grade)}, v.salary_points AS {nameof(Row.SalaryPoints)},
        v.professional_allowance_table AS {nameof(Row.ProfessionalAllowanceTable)}, v.professional_allowance_level AS {nameof(Row.ProfessionalAllowanceLevel)},
        v.supervisor_allowance_level AS {nameof(Row.SupervisorAllowanceLevel)}, v.area_allowance AS {nameof(Row.AreaAllowance)},
        v.nhi_dependents AS {nameof(Row.NhiDependents)}, v.insurance_group AS {nameof(Row.InsuranceGroup)}, v.pension_scheme AS {nameof(Row.Pension)},
        v.withholding_method AS {nameof(Row.Withholding)}, v.tax_dependents AS {nameof(Row.TaxDependents)}, v.tax_resident AS {nameof(Row.TaxResident)},
        v.bank_code AS {nameof(Row.BankCode)}, v.branch_code AS {nameof(Row.BranchCode)}, v.bank_account_index AS {nameof(Row.BankAccountIndex)},
        v.status AS {nameof(Row.Status)}, v.status_date AS {nameof(Row.StatusDate)}
        """;

    // The latest effective date on or before the period's end wins; for one date, the latest recorded (a correction).
    private const string AsOfSql = $"""
        WITH ranked AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
            WHERE v.effective_from <= @end
        )
        SELECT {Fields}
        FROM ranked v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1 AND NOT (v.status = 'Left' AND v.status_date < @start)
        ORDER BY e.employee_no
        """;

    // Everyone with a version dated inside the period: their versions up to its end, oldest first.
    private const string ChangesSql = $"""
        SELECT {Fields}
        FROM personnel_employee_version v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.effective_from <= @end
          AND v.employee_id IN (SELECT c.employee_id FROM personnel_employee_version c WHERE c.effective_from > @start AND c.effective_from <= @end)
        ORDER BY v.employee_id, v.effective_from, v.id
        """;

    public async ValueTask<IReadOnlyList<PayrollEmployee>> Handle(GetEmployeesForPayroll request, CancellationToken cancellationToken)
    {
        if (request.Month is < 1 or > 12 || request.Year is < 1912 or > 9999)
        {
            throw new ArgumentException($"No such pay period: {request.Year}-{request.Month}.");
        }

        var start = new DateOnly(request.Year, request.Month, 1);
        var end = start.AddMonths(1).AddDays(-1);
        var args = new { start = EmployeeVersions.Iso(start), end = EmployeeVersions.Iso(end) };
        var units = request.UnitCodes.ToHashSet(StringComparer.Ordinal);

        await using var c = await db.OpenAsync(cancellationToken);
        var changes = new Dictionary<long, List<FieldChange>>();
        long current = -1;
        Row? previous = null;
        await foreach (var row in c.QueryUnbufferedAsync<Row>(ChangesSql, args).WithCancellation(cancellationToken))
        {
            if (row.EmployeeId != current)
            {
                current = row.EmployeeId;
                previous = null;
            }

            var effective = EmployeeVersions.ParseIso(row.EffectiveFrom);
            if (previous is not null && effective > start)
            {
                foreach (var field in row.DifferingFields(previous))
                {
                    (changes.TryGetValue(row.EmployeeId, out var list) ? list : changes[row.EmployeeId] = []).Add(new FieldChange(field, effective));
                }
            }

            previous = row;
        }

        var result = new List<PayrollEmployee>();
        await foreach (var r in c.QueryUnbufferedAsync<Row>(AsOfSql, args).WithCancellation(cancellationToken))
        {
            if (units.Count > 0 && !units.Contains(r.UnitCode))
            {
                continue;
            }

            result.Add(new PayrollEmployee(
                r.EmployeeId, r.EmployeeNo, r.UnitCode, Enum.Parse<StaffCategory>(r.Category), r.Rank, r.Grade, r.SalaryPoints,
                r.ProfessionalAllowanceTable, r.ProfessionalAllowanceLevel, r.SupervisorAllowanceLevel, r.AreaAllowance, r.NhiDependents,
                r.InsuranceGroup, Enum.Parse<PensionScheme>(r.Pension), Enum.Parse<WithholdingMethod>(r.Withholding), r.TaxDependents, r.TaxResident,
                HasBankAccount: r.BankAccountIndex.Length > 0, Enum.Parse<EmploymentStatus>(r.Status), EmployeeVersions.ParseIso(r.StatusDate),
                changes.GetValueOrDefault(r.EmployeeId)?.DistinctBy(x => (x.Field, x.EffectiveFrom)).ToList() ?? []));
        }

        return result;
    }

    private sealed record Row
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

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

        public string Status { get; init; } = "";

        public string StatusDate { get; init; } = "";

        /// <summary>The pay-relevant fields that differ from <paramref name="before"/>, by their contract names.</summary>
        public IEnumerable<string> DifferingFields(Row before)
        {
            (string Name, object? Now, object? Then)[] fields =
            [
                (nameof(PayrollEmployee.UnitCode), UnitCode, before.UnitCode),
                (nameof(PayrollEmployee.Category), Category, before.Category),
                (nameof(PayrollEmployee.Rank), Rank, before.Rank),
                (nameof(PayrollEmployee.Grade), Grade, before.Grade),
                (nameof(PayrollEmployee.SalaryPoints), SalaryPoints, before.SalaryPoints),
                (nameof(PayrollEmployee.ProfessionalAllowanceTable), ProfessionalAllowanceTable, before.ProfessionalAllowanceTable),
                (nameof(PayrollEmployee.ProfessionalAllowanceLevel), ProfessionalAllowanceLevel, before.ProfessionalAllowanceLevel),
                (nameof(PayrollEmployee.SupervisorAllowanceLevel), SupervisorAllowanceLevel, before.SupervisorAllowanceLevel),
                (nameof(PayrollEmployee.AreaAllowance), AreaAllowance, before.AreaAllowance),
                (nameof(PayrollEmployee.NhiDependents), NhiDependents, before.NhiDependents),
                (nameof(PayrollEmployee.InsuranceGroup), InsuranceGroup, before.InsuranceGroup),
                (nameof(PayrollEmployee.Pension), Pension, before.Pension),
                (nameof(PayrollEmployee.Withholding), Withholding, before.Withholding),
                (nameof(PayrollEmployee.TaxDependents), TaxDependents, before.TaxDependents),
                (nameof(PayrollEmployee.TaxResident), TaxResident, before.TaxResident),
                ("BankAccount", (BankCode, BranchCode, BankAccountIndex), (before.BankCode, before.BranchCode, before.BankAccountIndex)),
                (nameof(PayrollEmployee.Status), Status, before.Status),
            ];
            return fields.Where(f => !Equals(f.Now, f.Then)).Select(f => f.Name);
        }
    }
}
