using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// Separation of duties: a <c>PayrollApprover</c> approves a calculated run, and may not be anyone who started or reran
/// it. Approval locks the run: no rerun, no cancellation.
/// </summary>
internal sealed class ApprovePayrollRunHandler(IDbConnectionFactory db, IClock clock, ISender sender) : IRequestHandler<ApprovePayrollRun, PayrollRunSummary>
{
    private const string PreparersSql = "SELECT requested_by FROM salary_run_version WHERE run_id = @RunId";

    private const string ApproveSql = """
        UPDATE salary_run SET state = 'Approved', approved_by = @actor, approved_at = @now
        WHERE id = @RunId AND state = 'Calculated' AND pending_version IS NULL
        """;

    public async ValueTask<PayrollRunSummary> Handle(ApprovePayrollRun request, CancellationToken cancellationToken)
    {
        if (!request.Actor.Roles.Contains(Roles.PayrollApprover))
        {
            throw new RefusedException($"{request.Actor.Name} is not a payroll approver.");
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var preparers = (await c.QueryAsync<string>(new CommandDefinition(PreparersSql, request, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        if (preparers.Contains(request.Actor.Name))
        {
            throw new RefusedException($"{request.Actor.Name} started or reran run {request.RunId} and cannot also approve it.", RefusedException.FourEyesRule);
        }

        var approved = await c.ExecuteAsync(new CommandDefinition(ApproveSql, new { request.RunId, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        // The summary names nobody: approving records no view of the run's exceptions (only a person looking does).
        var run = await sender.Send(new GetPayrollRunSummary(request.RunId), cancellationToken)
            ?? throw new NotFoundException("payroll run", request.RunId);
        return approved == 1 ? run
            : throw new ConflictException($"Run {request.RunId} is {run.State}{(run.PendingVersion is null ? "" : " (being recalculated)")}: only a calculated run can be approved.");
    }
}
