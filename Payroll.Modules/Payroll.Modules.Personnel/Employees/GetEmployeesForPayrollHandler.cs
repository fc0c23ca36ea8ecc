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
    // The latest effective date on or before the period's end wins; for one date, the latest recorded (a correction).
    private const string AsOfSql = $"""
        WITH ranked AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
            WHERE v.effective_from <= @end {IdFilter}
        )
        SELECT {VersionRow.Columns}{InServiceMarker}
        FROM ranked v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1 AND NOT (v.status IN {EmployeeVersions.LeavingStatuses} AND v.status_date < @leftSince)
        ORDER BY e.employee_no
        """;

    // Everyone with a version dated inside the period: their versions up to its end, oldest first.
    private const string ChangesSql = $"""
        SELECT {VersionRow.Columns}
        FROM personnel_employee_version v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.effective_from <= @end {IdFilter}
          AND v.employee_id IN (SELECT c.employee_id FROM personnel_employee_version c WHERE c.effective_from > @start AND c.effective_from <= @end)
        ORDER BY v.employee_id, v.effective_from, v.id
        """;

    // When asked for: the last day each person came into service (their latest version with status Active, up to the end).
    private const string InServiceMarker = "/*in-service*/";

    private const string InService = """
        ,
        (SELECT MAX(a.status_date) FROM personnel_employee_version a WHERE a.employee_id = v.employee_id AND a.effective_from <= @end AND a.status = 'Active') AS InServiceSince
        """;

    // Where the people asked for (a payroll chunk) are filtered; removed when everyone is asked for.
    private const string IdFilter = "AND v.employee_id IN " + SqlDialect.IdSetMarker;

    public async ValueTask<IReadOnlyList<PayrollEmployee>> Handle(GetEmployeesForPayroll request, CancellationToken cancellationToken)
    {
        if (request.Month is < 1 or > 12 || request.Year is < 1912 or > 9999)
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "period", $"no such pay period: {request.Year}-{request.Month}")]);
        }

        var start = new DateOnly(request.Year, request.Month, 1);
        var end = start.AddMonths(1).AddDays(-1);
        var ids = request.EmployeeIds;
        var leftSince = request.LeftSince is { } since && since < start ? since : start;
        var args = new { start = EmployeeVersions.Iso(start), end = EmployeeVersions.Iso(end), leftSince = EmployeeVersions.Iso(leftSince), ids = SqlDialect.IdSetValue(db.Provider, ids ?? []) };
        var asOfSql = (ids is null ? AsOfSql.Replace(IdFilter, "", StringComparison.Ordinal) : SqlDialect.WithIdSet(AsOfSql, db.Provider))
            .Replace(InServiceMarker, request.LeftSince is null ? "" : InService, StringComparison.Ordinal);
        var changesSql = ids is null ? ChangesSql.Replace(IdFilter, "", StringComparison.Ordinal) : SqlDialect.WithIdSet(ChangesSql, db.Provider);
        var units = request.UnitCodes.ToHashSet(StringComparer.Ordinal);

        await using var c = await db.OpenAsync(cancellationToken);
        var changes = new Dictionary<long, List<FieldChange>>();
        var parts = new Dictionary<long, List<(DateOnly From, VersionRow Version)>>();
        long current = -1;
        VersionRow? previous = null;
        await foreach (var row in c.QueryUnbufferedAsync<VersionRow>(changesSql, args).WithCancellation(cancellationToken))
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

            // The state in force from the period's first day, then each version dated inside it (the latest recorded of a date wins).
            var from = effective < start ? start : effective;
            var own = parts.TryGetValue(row.EmployeeId, out var p) ? p : parts[row.EmployeeId] = [];
            if (own.Count > 0 && own[^1].From == from)
            {
                own[^1] = (from, row);
            }
            else
            {
                own.Add((from, row));
            }

            previous = row;
        }

        var result = new List<PayrollEmployee>();
        await foreach (var r in c.QueryUnbufferedAsync<VersionRow>(asOfSql, args).WithCancellation(cancellationToken))
        {
            if (units.Count > 0 && !units.Contains(r.UnitCode))
            {
                continue;
            }

            var person = ToPayrollEmployee(r, changes.GetValueOrDefault(r.EmployeeId)?.DistinctBy(x => (x.Field, x.EffectiveFrom)).ToList() ?? []);
            if (parts.TryGetValue(r.EmployeeId, out var own) && own.Count > 1)
            {
                person = person with { Parts = own.Select(x => new PayrollEmployeePart(x.From, ToPayrollEmployee(x.Version, []))).ToList() };
            }

            result.Add(person);
        }

        return result;
    }

    private static PayrollEmployee ToPayrollEmployee(VersionRow r, IReadOnlyList<FieldChange> changes) => new(
        r.EmployeeId, r.EmployeeNo, r.UnitCode, Enum.Parse<StaffCategory>(r.Category), r.Rank, r.Grade, r.SalaryPoints,
        r.ProfessionalAllowanceTable, r.ProfessionalAllowanceLevel, r.SupervisorAllowanceLevel, r.AreaAllowance, r.NhiDependents,
        r.InsuranceGroup, Enum.Parse<PensionScheme>(r.Pension), Enum.Parse<WithholdingMethod>(r.Withholding), r.TaxDependents, r.TaxResident,
        HasBankAccount: r.BankAccountIndex.Length > 0, Enum.Parse<EmploymentStatus>(r.Status), EmployeeVersions.ParseIso(r.StatusDate), changes,
        r.InServiceSince is { Length: > 0 } inService ? EmployeeVersions.ParseIso(inService) : null);
}
