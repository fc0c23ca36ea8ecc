using System.Data.Common;
using Dapper;
using Mediator;
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

    /// <summary>Takes the period's turn: the first write of a start or rerun transaction.</summary>
    public static Task GuardAsync(DbConnection c, DbTransaction tx, string period, string kind, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(GuardSql, new { period, kind, now }, tx, cancellationToken: ct));

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
