using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Runs;

/// <summary>Cancels a run that is not approved, with the reason recorded; an approved run cannot be cancelled.</summary>
internal sealed class CancelPayrollRunHandler(IDbConnectionFactory db, IClock clock, ISender sender) : IRequestHandler<CancelPayrollRun, PayrollRunSummary>
{
    private const string CancelSql = """
        UPDATE salary_run SET state = 'Cancelled', cancelled_by = @actor, cancelled_at = @now, pending_version = NULL
        WHERE id = @RunId AND state IN ('Draft', 'Calculating', 'Calculated')
        """;

    public async ValueTask<PayrollRunSummary> Handle(CancelPayrollRun request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "reason", "say why the run is cancelled")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var cancelled = await c.ExecuteAsync(new CommandDefinition(CancelSql, new { request.RunId, actor = request.Actor.Name + ": " + request.Reason.Trim(), now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var run = await sender.Send(new GetPayrollRunSummary(request.RunId, request.Actor), cancellationToken)
            ?? throw new NotFoundException("payroll run", request.RunId);
        return cancelled == 1 ? run : throw new ConflictException($"Run {request.RunId} is {run.State} and can no longer be cancelled.");
    }
}
