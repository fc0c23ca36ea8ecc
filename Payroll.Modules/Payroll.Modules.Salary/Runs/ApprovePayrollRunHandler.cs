using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// Separation of duties: a <c>PayrollApprover</c> approves a calculated run, and may not be anyone who started or reran
/// it. Approval locks the run: no rerun, no cancellation. A run that read a table version nobody has verified is not
/// approved silently: where unverified tables are allowed at all (<see cref="SalaryOptions.AllowUnverifiedTables"/>), the
/// approver names each one, and each acknowledgement is kept with the run and in the change log; elsewhere the run waits
/// until an administrator verifies the tables.
/// </summary>
internal sealed class ApprovePayrollRunHandler(IDbConnectionFactory db, IClock clock, ISender sender, IOptions<SalaryOptions> options)
    : IRequestHandler<ApprovePayrollRun, PayrollRunSummary>
{
    /// <summary>The refusal's rule when unverified tables stand in the way.</summary>
    public const string UnverifiedTablesRule = "unverified-tables";

    // Who prepared it: whoever started or reran it, and whoever triggered the scheduled job that started it.
    private const string PreparersSql = """
        SELECT requested_by FROM salary_run_version WHERE run_id = @RunId
        UNION SELECT triggered_by FROM salary_run WHERE id = @RunId AND triggered_by IS NOT NULL
        """;

    private const string ApproveSql = """
        UPDATE salary_run SET state = 'Approved', approved_by = @actor, approved_at = @now
        WHERE id = @RunId AND state = 'Calculated' AND pending_version IS NULL
        """;

    private const string AcknowledgeSql = """
        INSERT INTO salary_run_acknowledgement (run_id, table_id, acknowledged_by, acknowledged_at) VALUES (@RunId, @tableId, @actor, @now)
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
            throw new RefusedException($"{request.Actor.Name} started, triggered or reran run {request.RunId} and cannot also approve it.", RefusedException.FourEyesRule);
        }

        // A run not ready to approve is a conflict first, whatever its tables.
        if (await GetPayrollRunSummaryHandler.LoadAsync(c, request.RunId, cancellationToken) is not { } before)
        {
            throw new NotFoundException("payroll run", request.RunId);
        }

        if (before.State != RunState.Calculated || before.PendingVersion is not null)
        {
            throw NotApprovable(before);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var unverified = (await RunTables.LoadAsync(c, tx, request.RunId, cancellationToken)).Where(t => !t.Verified).ToList();
        var acknowledged = CheckAcknowledgements(request, unverified);
        var approved = await c.ExecuteAsync(new CommandDefinition(ApproveSql, new { request.RunId, actor = request.Actor.Name, now }, tx, cancellationToken: cancellationToken));
        if (approved == 1)
        {
            foreach (var table in acknowledged)
            {
                await c.ExecuteAsync(new CommandDefinition(AcknowledgeSql, new { request.RunId, tableId = table.TableId, actor = request.Actor.Name, now }, tx, cancellationToken: cancellationToken));
            }
        }

        await tx.CommitAsync(cancellationToken);
        if (approved == 1)
        {
            // After the commit: on SQLite the change log's write would wait for this transaction's lock.
            foreach (var table in acknowledged)
            {
                await sender.Send(new RecordChange(
                    request.Actor, "Salary", "payroll-run", request.RunId.ToString(CultureInfo.InvariantCulture), "acknowledged-unverified-table:" + table.Ref,
                    null, table.Ref), cancellationToken);
            }
        }

        // The summary names nobody: approving records no view of the run's exceptions (only a person looking does).
        var run = await sender.Send(new GetPayrollRunSummary(request.RunId, request.Actor), cancellationToken)
            ?? throw new NotFoundException("payroll run", request.RunId);
        return approved == 1 ? run : throw NotApprovable(run);
    }

    private static ConflictException NotApprovable(PayrollRunSummary run) =>
        new($"Run {run.RunId} is {run.State}{(run.PendingVersion is null ? "" : " (being recalculated)")}: only a calculated run can be approved.");

    /// <summary>The unverified tables to record as acknowledged; refuses when one is not named or when none may be.</summary>
    private IReadOnlyList<RunTableUse> CheckAcknowledgements(ApprovePayrollRun request, IReadOnlyList<RunTableUse> unverified)
    {
        var named = (request.AcknowledgedTables ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).ToHashSet(StringComparer.Ordinal);
        var stray = named.Where(n => unverified.All(t => t.Ref != n)).Order(StringComparer.Ordinal).ToList();
        if (stray.Count > 0)
        {
            throw new InvalidInputException([new InputError(null, "acknowledgedTables",
                $"run {request.RunId} used no unverified table named {string.Join(", ", stray)}")]);
        }

        if (unverified.Count == 0)
        {
            return [];
        }

        var list = string.Join(", ", unverified.Select(t => t.Ref));
        if (!options.Value.AllowUnverifiedTables)
        {
            throw new RefusedException(
                $"Run {request.RunId} used reference tables not verified against their official source ({list}). An administrator verifies them first; this installation approves no run from unverified tables.",
                UnverifiedTablesRule);
        }

        var missing = unverified.Where(t => !named.Contains(t.Ref)).Select(t => t.Ref).ToList();
        return missing.Count == 0 ? unverified
            : throw new RefusedException(
                $"Run {request.RunId} used reference tables not verified against their official source. Approving it means acknowledging each by name: {string.Join(", ", missing)}.",
                UnverifiedTablesRule);
    }
}
