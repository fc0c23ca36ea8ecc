using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Employee numbers to ids, many at once.</summary>
internal sealed class FindEmployeesHandler(IDbConnectionFactory db) : IRequestHandler<FindEmployees, IReadOnlyList<EmployeeRef>>
{
    private const string ByNumbersSql = $"SELECT id AS EmployeeId, employee_no AS EmployeeNo FROM personnel_employee WHERE employee_no IN {SqlDialect.CodeSetMarker}";

    public async ValueTask<IReadOnlyList<EmployeeRef>> Handle(FindEmployees request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<(long EmployeeId, string EmployeeNo)>(new CommandDefinition(
            SqlDialect.WithCodeSet(ByNumbersSql, db.Provider), new { codes = SqlDialect.CodeSetValue(db.Provider, request.EmployeeNos.Select(n => n.Trim()).Distinct()) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new EmployeeRef(r.EmployeeId, r.EmployeeNo)).ToList();
    }
}
