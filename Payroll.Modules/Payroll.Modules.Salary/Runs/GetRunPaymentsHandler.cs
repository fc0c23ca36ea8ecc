using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Payslips;

namespace Payroll.Modules.Salary.Runs;

/// <summary>What a run pays: its current payslips without an exception, in employee-number order.</summary>
internal sealed class GetRunPaymentsHandler(IDbConnectionFactory db, ISender sender, PayslipSeal seal) : IRequestHandler<GetRunPayments, RunPayments?>
{
    private const string PaymentsSql = $"""
        SELECT {StoredPayslip.Columns}
        FROM salary_payslip p
        WHERE p.run_id = @RunId AND p.is_current AND NOT p.excepted
        ORDER BY p.employee_no
        """;

    public async ValueTask<RunPayments?> Handle(GetRunPayments request, CancellationToken cancellationToken)
    {
        var summary = await sender.Send(new GetPayrollRunSummary(request.RunId, request.Actor), cancellationToken);
        if (summary is null)
        {
            return null;
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<StoredPayslip>(new CommandDefinition(PaymentsSql, new { request.RunId }, cancellationToken: cancellationToken));
        return new RunPayments(summary, rows.Select(r => new RunPayment(r.EmployeeId, r.EmployeeNo, r.UnitCode, r.OpenFigures(seal).Net)).ToList());
    }
}
