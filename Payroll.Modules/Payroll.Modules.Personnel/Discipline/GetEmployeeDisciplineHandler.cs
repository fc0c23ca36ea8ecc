using Payroll.Modules.Contracts.Authorization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Discipline;

/// <summary>Shown to HR clerks and to the person only; recorded (allowed or refused).</summary>
internal sealed class GetEmployeeDisciplineHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetEmployeeDiscipline, IReadOnlyList<DisciplineRecord>>
{
    private const string PersonSql = $"""
        SELECT {DisciplineWriter.Columns} FROM personnel_discipline
        WHERE employee_id = @id ORDER BY decided_on DESC, id DESC
        """;

    public async ValueTask<IReadOnlyList<DisciplineRecord>> Handle(GetEmployeeDiscipline request, CancellationToken cancellationToken)
    {
        long? id;
        List<DisciplineRecord> result;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken));
            result = id is null ? [] : (await c.QueryAsync<DisciplineWriter.Row>(new CommandDefinition(PersonSql, new { id }, cancellationToken: cancellationToken)))
                .Select(r => r.ToRecord()).ToList();
        }

        var allowed = id is not null && (request.Actor.Roles.Contains(Roles.HrClerk) || request.Actor.EmployeeId == id);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "personnel/discipline", id is null ? [] : [id.Value], ["discipline"],
            allowed ? AccessOutcome.Allowed : AccessOutcome.Refused, allowed ? null : "only HR clerks and the person"), cancellationToken);
        return allowed ? result : [];
    }
}
