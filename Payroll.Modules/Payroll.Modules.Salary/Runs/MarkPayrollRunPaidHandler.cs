using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Runs;

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
                var state = (await sender.Send(new GetPayrollRunSummary(request.RunId, request.Actor), cancellationToken))?.State
                    ?? throw new NotFoundException("payroll run", request.RunId);
                throw new ConflictException(state == RunState.Paid ? $"Run {request.RunId} is already paid: it cannot be paid twice."
                    : $"Run {request.RunId} is {state}: only an approved run can be paid.");
            }
        }

        return (await sender.Send(new GetPayrollRunSummary(request.RunId, request.Actor), cancellationToken))!;
    }
}
