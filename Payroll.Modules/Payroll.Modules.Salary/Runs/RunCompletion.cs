using Dapper;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// Publishes a version once none of its chunks is pending, in one transaction: its results become the run's current
/// ones (replacing earlier results of the people it covers whose result changed or who are no longer paid; unchanged
/// results stand), the totals are recounted and the run is Calculated. Only one caller wins the state change; the others
/// find nothing to do.
/// </summary>
internal sealed class RunCompletion(IDbConnectionFactory db, IClock clock)
{
    private const string PublishSql = """
        UPDATE salary_run SET state = 'Calculated', version = @version, pending_version = NULL, calculated_at = @now
        WHERE id = @runId AND state = 'Calculating' AND pending_version = @version
          AND NOT EXISTS (SELECT 1 FROM salary_run_chunk k WHERE k.run_id = @runId AND k.version = @version AND k.state <> 'Done')
        """;

    private const string RetireSql = """
        UPDATE salary_payslip SET is_current = FALSE
        WHERE run_id = @runId AND is_current AND version < @version
          AND employee_id IN (SELECT m.employee_id FROM salary_run_member m WHERE m.run_id = @runId AND m.version = @version AND COALESCE(m.outcome, '') <> 'unchanged')
        """;

    private const string CurrentSql = "UPDATE salary_payslip SET is_current = TRUE WHERE run_id = @runId AND version = @version";

    private const string TotalsSql = """
        UPDATE salary_run SET
            people = (SELECT COUNT(*) FROM salary_payslip p WHERE p.run_id = @runId AND p.is_current AND p.exception IS NULL),
            gross = (SELECT COALESCE(SUM(p.gross), 0) FROM salary_payslip p WHERE p.run_id = @runId AND p.is_current AND p.exception IS NULL),
            deductions = (SELECT COALESCE(SUM(p.deductions), 0) FROM salary_payslip p WHERE p.run_id = @runId AND p.is_current AND p.exception IS NULL),
            net = (SELECT COALESCE(SUM(p.net), 0) FROM salary_payslip p WHERE p.run_id = @runId AND p.is_current AND p.exception IS NULL),
            exceptions = (SELECT COUNT(*) FROM salary_payslip p WHERE p.run_id = @runId AND p.is_current AND p.exception IS NOT NULL)
        WHERE id = @runId
        """;

    private const string VersionDoneSql = "UPDATE salary_run_version SET completed_at = @now WHERE run_id = @runId AND version = @version";

    public async Task<bool> TryCompleteAsync(long runId, int version, CancellationToken ct)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var args = new { runId, version, now };
        if (await c.ExecuteAsync(new CommandDefinition(PublishSql, args, tx, cancellationToken: ct)) != 1)
        {
            return false;
        }

        if (version > 1)
        {
            await c.ExecuteAsync(new CommandDefinition(RetireSql, args, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(CurrentSql, args, tx, cancellationToken: ct));
        }

        await c.ExecuteAsync(new CommandDefinition(TotalsSql, args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(VersionDoneSql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
