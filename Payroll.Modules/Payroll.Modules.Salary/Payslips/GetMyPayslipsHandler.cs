using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Payslips;

/// <summary>The signed-in employee's own approved payslips, newest first; the list (amounts per month) is recorded as a view of their pay.</summary>
internal sealed class GetMyPayslipsHandler(IDbConnectionFactory db, ISender sender, PayslipSeal seal) : IRequestHandler<GetMyPayslips, IReadOnlyList<PayslipSummary>>
{
    private const string MineSql = $"""
        SELECT r.period AS Period, r.kind AS Kind, r.state AS State, {StoredPayslip.Columns}
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
        var rows = await c.QueryAsync<MineRow>(new CommandDefinition(MineSql, new { employeeId }, cancellationToken: cancellationToken));
        var list = rows.Select(r =>
        {
            var figures = seal.OpenFigures(r.Figures, r.RunId, r.Version, r.EmployeeId);
            return new PayslipSummary(r.RunId, r.Period, Enum.Parse<RunKind>(r.Kind), Enum.Parse<RunState>(r.State), figures.Gross, figures.Deductions, figures.Net);
        }).ToList();
        if (list.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "/me/payslips", [employeeId], ["salary"], AccessOutcome.Allowed), cancellationToken);
        }

        return list;
    }

    private sealed class MineRow
    {
        public long RunId { get; init; }

        public string Period { get; init; } = "";

        public string Kind { get; init; } = "";

        public string State { get; init; } = "";

        public long Version { get; init; }

        public long EmployeeId { get; init; }

        public byte[] Figures { get; init; } = [];
    }
}
