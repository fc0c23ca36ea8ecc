using System.Data;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.Salary.Deductions;

namespace Payroll.Modules.Salary.Schema;

/// <summary>
/// Migration 0014: seals the amount and debt of every standing deduction that earlier versions wrote in clear, in the
/// migration's transaction (all or none). 0015 then drops the clear columns; the purge after it rewrites the table.
/// </summary>
internal sealed class SealDeductionsMigration(DeductionSeal seal) : IScript
{
    public const string Name = "0014_seal_deductions";

    private const string ClearSql = "SELECT id AS Id, employee_id AS EmployeeId, amount AS Amount, total_debt AS TotalDebt FROM salary_standing_deduction WHERE terms IS NULL";

    private const string SealSql = "UPDATE salary_standing_deduction SET terms = @Terms WHERE id = @Id";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var rows = connection.Query<ClearRow>(ClearSql, transaction: probe.Transaction).AsList();
        foreach (var r in rows)
        {
            connection.Execute(SealSql, new { r.Id, Terms = seal.Seal(r.Amount, r.TotalDebt, r.EmployeeId) }, probe.Transaction);
        }

        return $"-- {rows.Count} standing deductions sealed";
    }

    private sealed class ClearRow
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public long Amount { get; init; }

        public long? TotalDebt { get; init; }
    }
}
