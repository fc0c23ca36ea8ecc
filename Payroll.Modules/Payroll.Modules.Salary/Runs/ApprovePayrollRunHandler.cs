using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

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
        if (!request.Actor.Roles.Contains("PayrollApprover"))
        {
            throw new UnauthorizedAccessException($"{request.Actor.Name} is not a payroll approver.");
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var preparers = (await c.QueryAsync<string>(new CommandDefinition(PreparersSql, request, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        if (preparers.Contains(request.Actor.Name))
        {
            throw new UnauthorizedAccessException($"{request.Actor.Name} started or reran run {request.RunId} and cannot also approve it.");
        }

        var approved = await c.ExecuteAsync(new CommandDefinition(ApproveSql, new { request.RunId, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var run = await sender.Send(new GetPayrollRun(request.RunId, request.Actor), cancellationToken)
            ?? throw new InvalidOperationException($"No payroll run {request.RunId}.");
        return approved == 1 ? run.Summary
            : throw new InvalidOperationException($"Run {request.RunId} is {run.Summary.State}{(run.Summary.PendingVersion is null ? "" : " (being recalculated)")}: only a calculated run can be approved.");
    }
}

internal sealed class CancelPayrollRunHandler(IDbConnectionFactory db, IClock clock, ISender sender) : IRequestHandler<CancelPayrollRun, PayrollRunSummary>
{
    private const string CancelSql = """
        UPDATE salary_run SET state = 'Cancelled', cancelled_by = @actor, cancelled_at = @now, pending_version = NULL
        WHERE id = @RunId AND state IN ('Draft', 'Calculating', 'Calculated')
        """;

    public async ValueTask<PayrollRunSummary> Handle(CancelPayrollRun request, CancellationToken cancellationToken)
    {
        RunAccess.RequireOperator(request.Actor);
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "reason", "say why the run is cancelled")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var cancelled = await c.ExecuteAsync(new CommandDefinition(CancelSql, new { request.RunId, actor = request.Actor.Name + ": " + request.Reason.Trim(), now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var run = await sender.Send(new GetPayrollRun(request.RunId, request.Actor), cancellationToken)
            ?? throw new InvalidOperationException($"No payroll run {request.RunId}.");
        return cancelled == 1 ? run.Summary : throw new InvalidOperationException($"Run {request.RunId} is {run.Summary.State} and can no longer be cancelled.");
    }
}
