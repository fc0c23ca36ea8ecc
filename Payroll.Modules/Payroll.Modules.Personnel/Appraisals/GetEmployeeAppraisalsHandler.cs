using Payroll.Modules.Contracts.Authorization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Appraisals;

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

        var allowed = id is not null && (request.Actor.Roles.Contains(Roles.HrClerk) || request.Actor.EmployeeId == id);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "personnel/appraisals", id is null ? [] : [id.Value], ["appraisal"],
            allowed ? AccessOutcome.Allowed : AccessOutcome.Refused, allowed ? null : "only HR clerks and the person"), cancellationToken);
        return allowed ? result : [];
    }
}
