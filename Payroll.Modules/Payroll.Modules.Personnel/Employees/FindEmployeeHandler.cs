using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

internal sealed class FindEmployeeHandler(IDbConnectionFactory db) : IRequestHandler<FindEmployee, long?>
{
    internal const string ByNumberSql = "SELECT id FROM personnel_employee WHERE employee_no = @no";

    public async ValueTask<long?> Handle(FindEmployee request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(ByNumberSql, new { no = request.EmployeeNo.Trim() }, cancellationToken: cancellationToken));
    }
}
