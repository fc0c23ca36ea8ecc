using Dapper;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Salary.Payslips;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// Publishes a version once none of its chunks is pending, in one transaction: its results become the run's current
/// ones (replacing earlier results of the people it covers whose result changed or who are no longer paid; unchanged
/// results stand), the totals per unit and of the run are recounted from the sealed figures and the run is Calculated. Only one caller wins the state change; the others
/// find nothing to do.
/// </summary>
internal sealed class RunCompletion(IDbConnectionFactory db, IClock clock, PayslipSeal seal)
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

    // The totals are recounted from the current results: each payslip's sealed figures, opened here, summed per unit.
    private const string ResultsSql = $"SELECT {StoredPayslip.Columns} FROM salary_payslip p WHERE p.run_id = @runId AND p.is_current";

    private const string ClearUnitsSql = "DELETE FROM salary_run_unit WHERE run_id = @runId";

    private const string UnitSql = """
        INSERT INTO salary_run_unit (run_id, unit_code, people, gross, deductions, net, exceptions, nhi_insured)
        VALUES (@runId, @UnitCode, @People, @Gross, @Deductions, @Net, @Exceptions, @NhiInsured)
        """;

    private const string TotalsSql = """
        UPDATE salary_run SET
            people = (SELECT COALESCE(SUM(u.people), 0) FROM salary_run_unit u WHERE u.run_id = @runId),
            gross = (SELECT COALESCE(SUM(u.gross), 0) FROM salary_run_unit u WHERE u.run_id = @runId),
            deductions = (SELECT COALESCE(SUM(u.deductions), 0) FROM salary_run_unit u WHERE u.run_id = @runId),
            net = (SELECT COALESCE(SUM(u.net), 0) FROM salary_run_unit u WHERE u.run_id = @runId),
            exceptions = (SELECT COALESCE(SUM(u.exceptions), 0) FROM salary_run_unit u WHERE u.run_id = @runId)
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

        var units = new Dictionary<string, UnitTotalsRow>(StringComparer.Ordinal);
        foreach (var slip in await c.QueryAsync<StoredPayslip>(new CommandDefinition(ResultsSql, args, tx, cancellationToken: ct)))
        {
            var unit = units.TryGetValue(slip.UnitCode, out var u) ? u : units[slip.UnitCode] = new UnitTotalsRow { UnitCode = slip.UnitCode };
            if (slip.Excepted)
            {
                unit.Exceptions++;
                continue;
            }

            var figures = slip.OpenFigures(seal);
            unit.People++;
            unit.Gross += figures.Gross;
            unit.Deductions += figures.Deductions;
            unit.Net += figures.Net;
            unit.NhiInsured += figures.NhiInsured;
        }

        await c.ExecuteAsync(new CommandDefinition(ClearUnitsSql, args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(UnitSql, units.Values.Select(u => new { runId, u.UnitCode, u.People, u.Gross, u.Deductions, u.Net, u.Exceptions, u.NhiInsured }), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(TotalsSql, args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(VersionDoneSql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
