using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

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
        var summary = await sender.Send(new GetPayrollRunSummary(request.RunId), cancellationToken);
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

/// <summary>Approved → Paid when the bank files are released; the same reference again is a no-op.</summary>
internal sealed class MarkPayrollRunPaidHandler(IDbConnectionFactory db, IClock clock, ISender sender) : IRequestHandler<MarkPayrollRunPaid, PayrollRunSummary>
{
    private const string PaySql = """
        UPDATE salary_run SET state = 'Paid', paid_by = @actor, paid_at = @now, paid_ref = @Reference
        WHERE id = @RunId AND state = 'Approved'
        """;

    private const string PaidRefSql = "SELECT paid_ref FROM salary_run WHERE id = @RunId AND state = 'Paid'";

    public async ValueTask<PayrollRunSummary> Handle(MarkPayrollRunPaid request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var paid = await c.ExecuteAsync(new CommandDefinition(PaySql, new { request.RunId, request.Reference, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        if (paid == 0)
        {
            var reference = await c.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(PaidRefSql, new { request.RunId }, cancellationToken: cancellationToken));
            if (reference != request.Reference)
            {
                var state = (await sender.Send(new GetPayrollRunSummary(request.RunId), cancellationToken))?.State;
                throw new InvalidOperationException(state is null ? $"No payroll run {request.RunId}."
                    : state == RunState.Paid ? $"Run {request.RunId} is already paid: it cannot be paid twice."
                    : $"Run {request.RunId} is {state}: only an approved run can be paid.");
            }
        }

        return (await sender.Send(new GetPayrollRunSummary(request.RunId), cancellationToken))!;
    }
}
