using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Payslips;

/// <summary>The signed-in employee's own approved payslips, newest first; the list (amounts per month) is recorded as a view of their pay.</summary>
internal sealed class GetMyPayslipsHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyPayslips, IReadOnlyList<PayslipSummary>>
{
    private const string MineSql = """
        SELECT r.id AS RunId, r.period AS Period, r.kind AS Kind, r.state AS State, p.gross AS Gross, p.deductions AS Deductions, p.net AS Net
        FROM salary_payslip p JOIN salary_run r ON r.id = p.run_id
        WHERE p.employee_id = @employeeId AND p.is_current AND r.state IN ('Approved', 'Paid', 'Closed')
        ORDER BY r.period DESC, r.id DESC
        """;

    public async ValueTask<IReadOnlyList<PayslipSummary>> Handle(GetMyPayslips request, CancellationToken cancellationToken)
    {
        if (request.Actor.EmployeeId is not { } employeeId)
        {
            return [];
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<(long RunId, string Period, string Kind, string State, long Gross, long Deductions, long Net)>(
            new CommandDefinition(MineSql, new { employeeId }, cancellationToken: cancellationToken));
        var list = rows.Select(r => new PayslipSummary(r.RunId, r.Period, Enum.Parse<RunKind>(r.Kind), Enum.Parse<RunState>(r.State), r.Gross, r.Deductions, r.Net)).ToList();
        if (list.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "/me/payslips", [employeeId], ["salary"], AccessOutcome.Allowed), cancellationToken);
        }

        return list;
    }
}
