using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>The same people as <see cref="GetEmployeesForPayrollHandler"/> finds, reading only who they are and where.</summary>
internal sealed class GetPayrollPopulationHandler(IDbConnectionFactory db) : IRequestHandler<GetPayrollPopulation, IReadOnlyList<PayrollMember>>
{
    private const string PopulationSql = $"""
        WITH ranked AS (
            SELECT v.employee_id, v.unit_id, v.status, v.status_date,
                   ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
            WHERE v.effective_from <= @end
        )
        SELECT v.employee_id AS {nameof(PayrollMember.EmployeeId)}, e.employee_no AS {nameof(PayrollMember.EmployeeNo)}, u.code AS {nameof(PayrollMember.UnitCode)}
        FROM ranked v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1 AND NOT (v.status IN {EmployeeVersions.LeavingStatuses} AND v.status_date < @leftSince)
        ORDER BY u.code, e.employee_no
        """;

    public async ValueTask<IReadOnlyList<PayrollMember>> Handle(GetPayrollPopulation request, CancellationToken cancellationToken)
    {
        if (request.Month is < 1 or > 12 || request.Year is < 1912 or > 9999)
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "period", $"no such pay period: {request.Year}-{request.Month}")]);
        }

        var start = new DateOnly(request.Year, request.Month, 1);
        var end = start.AddMonths(1).AddDays(-1);
        var units = request.UnitCodes.ToHashSet(StringComparer.Ordinal);
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<PayrollMember>(new CommandDefinition(
            PopulationSql, new { leftSince = EmployeeVersions.Iso(request.LeftSince is { } since && since < start ? since : start), end = EmployeeVersions.Iso(end) }, cancellationToken: cancellationToken));
        return rows.Where(r => units.Count == 0 || units.Contains(r.UnitCode)).ToList();
    }
}
