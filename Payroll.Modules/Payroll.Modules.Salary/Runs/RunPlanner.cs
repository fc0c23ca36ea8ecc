using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Runs;

/// <summary>Writes a version of a run: who it covers, in chunks of <see cref="SalaryOptions.ChunkSize"/>, in the caller's transaction.</summary>
internal sealed class RunPlanner(IOptions<SalaryOptions> options)
{
    private const string GuardSql = """
        INSERT INTO salary_period_guard (period, kind, touched_at) VALUES (@period, @kind, @now)
        ON CONFLICT (period, kind) DO UPDATE SET touched_at = excluded.touched_at
        """;

    private const string VersionSql = """
        INSERT INTO salary_run_version (run_id, version, scope, requested_by, requested_at, completed_at, chunks)
        VALUES (@runId, @version, @scope, @actor, @now, NULL, @chunks)
        """;

    private static readonly string[] MemberColumns = ["run_id", "version", "employee_id", "chunk_no"];
    private static readonly string[] ChunkColumns = ["run_id", "version", "chunk_no", "people", "state", "planned_at"];

    // Who was paid in the approved months of a retroactive run's window, with the unit of their latest month.
    private const string RetroPopulationSql = """
        SELECT p.employee_id AS EmployeeId, p.employee_no AS EmployeeNo, p.unit_code AS UnitCode, r.period AS Period
        FROM salary_run r JOIN salary_payslip p ON p.run_id = r.id AND p.is_current
        WHERE r.kind = 'Regular' AND r.state IN ('Approved', 'Paid', 'Closed') AND r.period >= @from AND r.period < @to
        """;

    // Regular and off-cycle runs of a month never share a person: whoever another such run covers is left out.
    private const string CoveredSql = """
        SELECT DISTINCT m.employee_id FROM salary_run r JOIN salary_run_member m ON m.run_id = r.id
        WHERE r.period = @period AND r.kind IN ('Regular', 'OffCycle') AND r.state <> 'Cancelled' AND r.id <> @runId AND r.id <> @reissueOf
        """;

    /// <summary>
    /// For monthly pay (regular and off-cycle kinds): the people other runs of the month already cover, to be left out.
    /// A reissue pays again whom <paramref name="reissueOf"/> could not pay, so that run does not count.
    /// </summary>
    public static async Task<HashSet<long>> CoveredElsewhereAsync(DbConnection c, DbTransaction tx, Contracts.Salary.RunKind kind, string period, long runId, long? reissueOf, CancellationToken ct) =>
        kind is Contracts.Salary.RunKind.Regular or Contracts.Salary.RunKind.OffCycle
            ? (await c.QueryAsync<long>(new CommandDefinition(CoveredSql, new { period, runId, reissueOf = reissueOf ?? 0 }, tx, cancellationToken: ct))).ToHashSet()
            : [];

    /// <summary>The people a paid run could not pay (held back, or rejected by the bank): what a reissue run pays again.</summary>
    public static async Task<IReadOnlyList<Contracts.Personnel.PayrollMember>> ReissuePopulationAsync(Mediator.ISender sender, long sourceRunId, Contracts.Actor actor, CancellationToken ct) =>
        (await sender.Send(new Contracts.BankTransfer.GetUnpaidPayments(sourceRunId, actor), ct))
            .DistinctBy(u => u.EmployeeId).Select(u => new Contracts.Personnel.PayrollMember(u.EmployeeId, u.EmployeeNo, u.UnitCode)).ToList();

    /// <summary>The people a retroactive run for <paramref name="period"/> covers: everyone paid in an approved month of its window.</summary>
    public async Task<IReadOnlyList<Contracts.Personnel.PayrollMember>> RetroPopulationAsync(DbConnection c, Calculation.PayPeriod period, CancellationToken ct)
    {
        var from = Enumerable.Range(0, Math.Max(1, options.Value.RetroactivePeriods)).Aggregate(period, (p, _) => p.Previous);
        var rows = await c.QueryAsync<(long EmployeeId, string EmployeeNo, string UnitCode, string Period)>(
            new CommandDefinition(RetroPopulationSql, new { from = from.ToString(), to = period.ToString() }, cancellationToken: ct));
        return rows.GroupBy(r => r.EmployeeId)
            .Select(g => g.MaxBy(r => r.Period)!)
            .Select(r => new Contracts.Personnel.PayrollMember(r.EmployeeId, r.EmployeeNo, r.UnitCode))
            .ToList();
    }

    /// <summary>Takes the period's turn: the first write of a start or rerun transaction (regular and off-cycle runs share one).</summary>
    public static Task GuardAsync(DbConnection c, DbTransaction tx, string period, string kind, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(GuardSql, new { period, kind = kind == nameof(Contracts.Salary.RunKind.OffCycle) ? nameof(Contracts.Salary.RunKind.Regular) : kind, now }, tx, cancellationToken: ct));

    /// <summary>People ordered by unit then number, so a unit's people share few chunks.</summary>
    public async Task<RunPlan> PlanAsync(
        DbConnection c, DbTransaction tx, long runId, int version, string scope, Actor actor, IReadOnlyList<(long EmployeeId, string UnitCode, string EmployeeNo)> people, long now, CancellationToken ct)
    {
        var size = Math.Max(1, options.Value.ChunkSize);
        var ordered = people.DistinctBy(p => p.EmployeeId).OrderBy(p => p.UnitCode, StringComparer.Ordinal).ThenBy(p => p.EmployeeNo, StringComparer.Ordinal).ToList();
        var chunks = Enumerable.Range(1, (ordered.Count + size - 1) / size).ToList();
        await c.ExecuteAsync(new CommandDefinition(VersionSql, new { runId, version, scope, actor = actor.Name, now, chunks = chunks.Count }, tx, cancellationToken: ct));
        await BulkInsert.RunAsync(c, tx, "salary_run_member", MemberColumns, ordered.Select((p, i) => new object?[] { runId, (long)version, p.EmployeeId, (long)(1 + (i / size)) }), ct);
        await BulkInsert.RunAsync(
            c, tx, "salary_run_chunk", ChunkColumns,
            chunks.Select(n => new object?[] { runId, (long)version, (long)n, (long)Math.Min(size, ordered.Count - ((n - 1) * size)), ChunkStates.Pending, now }), ct);
        return new RunPlan(runId, version, ordered.Count, chunks);
    }
}
