using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Runs;

/// <summary>What a run pays: its current payslips without an exception, in employee-number order.</summary>
internal sealed class GetRunPaymentsHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetRunPayments, RunPayments?>
{
    private const string PaymentsSql = """
        SELECT p.employee_id AS EmployeeId, p.employee_no AS EmployeeNo, p.unit_code AS UnitCode, p.net AS Net
        FROM salary_payslip p
        WHERE p.run_id = @RunId AND p.is_current AND p.exception IS NULL
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
        var rows = await c.QueryAsync<PaymentRow>(new CommandDefinition(PaymentsSql, new { request.RunId }, cancellationToken: cancellationToken));
        return new RunPayments(summary, rows.Select(r => new RunPayment(r.EmployeeId, r.EmployeeNo, r.UnitCode, r.Net)).ToList());
    }

    private sealed class PaymentRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public long Net { get; init; }
    }
}
