using System.Data.Common;
using System.Globalization;
using Dapper;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Tables;

namespace Payroll.Modules.Salary.Runs;

/// <summary>The reference table versions a run read (any of its versions), with their verification and acknowledgement.</summary>
internal static class RunTables
{
    private const string Sql = """
        SELECT t.id AS TableId, t.kind AS Kind, t.effective_from AS EffectiveFrom, t.source AS Source, t.verified AS Verified,
               t.verified_by AS VerifiedBy, t.verified_at AS VerifiedAt, a.acknowledged_by AS AcknowledgedBy, a.acknowledged_at AS AcknowledgedAt
        FROM salary_reference_table t
        LEFT JOIN salary_run_acknowledgement a ON a.run_id = @runId AND a.table_id = t.id
        WHERE t.id IN (SELECT rt.table_id FROM salary_run_table rt WHERE rt.run_id = @runId)
        ORDER BY t.kind, t.effective_from
        """;

    public static async Task<IReadOnlyList<RunTableUse>> LoadAsync(DbConnection c, DbTransaction? tx, long runId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<Row>(new CommandDefinition(Sql, new { runId }, tx, cancellationToken: ct));
        return rows.Select(r => new RunTableUse(
            r.TableId, TableSet.Ref(r.Kind, r.TableId, r.EffectiveFrom), r.Kind, DateOnly.ParseExact(r.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.Source, r.Verified, r.VerifiedBy, RunRow.At(r.VerifiedAt), r.AcknowledgedBy, RunRow.At(r.AcknowledgedAt))).ToList();
    }

    // A class, not a positional record: Dapper converts SQLite's integer booleans only when setting properties.
    private sealed class Row
    {
        public long TableId { get; init; }

        public string Kind { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public string Source { get; init; } = "";

        public bool Verified { get; init; }

        public string? VerifiedBy { get; init; }

        public long? VerifiedAt { get; init; }

        public string? AcknowledgedBy { get; init; }

        public long? AcknowledgedAt { get; init; }
    }
}
