using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Discipline;

internal sealed class GetDisciplineForYearHandler(IDbConnectionFactory db) : IRequestHandler<GetDisciplineForYear, IReadOnlyList<DisciplineRecord>>
{
    private const string YearSql = $"""
        SELECT {DisciplineWriter.Columns} FROM personnel_discipline
        WHERE decided_on >= @from AND decided_on <= @to AND NOT withdrawn AND employee_id IN {SqlDialect.IdSetMarker}
        ORDER BY employee_id, decided_on
        """;

    public async ValueTask<IReadOnlyList<DisciplineRecord>> Handle(GetDisciplineForYear request, CancellationToken cancellationToken)
    {
        if (request.EmployeeIds.Count == 0)
        {
            return [];
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<DisciplineWriter.Row>(new CommandDefinition(SqlDialect.WithIdSet(YearSql, db.Provider), new
        {
            from = EmployeeVersions.Iso(new DateOnly(request.Year, 1, 1)), to = EmployeeVersions.Iso(new DateOnly(request.Year, 12, 31)),
            ids = SqlDialect.IdSetValue(db.Provider, request.EmployeeIds),
        }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }
}
