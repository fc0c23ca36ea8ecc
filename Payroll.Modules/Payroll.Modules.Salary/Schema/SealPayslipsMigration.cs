using System.Data;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Payslips;

namespace Payroll.Modules.Salary.Schema;

/// <summary>
/// Migration 0011: seals every payslip that earlier versions wrote in clear (its figures from the clear columns, its
/// lines from the table of lines and the packed employer lines), and sets its two flags, in the migration's
/// transaction (all payslips or none). 0012 then drops what was clear; the purge after it rewrites the files.
/// </summary>
internal sealed class SealPayslipsMigration(PayslipSeal seal) : IScript
{
    public const string Name = "0011_seal_payslips";

    private const string ClearSql = """
        SELECT run_id AS RunId, version AS Version, employee_id AS EmployeeId, days_paid AS DaysPaid, days_in_period AS DaysInPeriod,
               gross AS Gross, deductions AS Deductions, net AS Net, nhi_insured AS NhiInsured, exception AS Exception, employer_lines AS EmployerLines
        FROM salary_payslip WHERE figures IS NULL
        ORDER BY run_id, version, employee_id
        """;

    private const string LinesSql = """
        SELECT l.run_id AS RunId, l.version AS Version, l.employee_id AS EmployeeId, l.code AS Code, l.amount AS Amount, l.rule AS Rule, l.table_ref AS TableRef, l.inputs AS Inputs
        FROM salary_payslip_line l JOIN salary_payslip p ON p.run_id = l.run_id AND p.version = l.version AND p.employee_id = l.employee_id
        WHERE p.figures IS NULL
        ORDER BY l.run_id, l.version, l.employee_id, l.line_no
        """;

    private const string SealSql = """
        UPDATE salary_payslip SET figures = @Figures, lines = @Lines, excepted = @Excepted, net_not_positive = @NetNotPositive
        WHERE run_id = @RunId AND version = @Version AND employee_id = @EmployeeId
        """;

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var transaction = probe.Transaction;
        var lines = connection.Query<LineRow>(LinesSql, transaction: transaction)
            .ToLookup(l => (l.RunId, l.Version, l.EmployeeId), l => new PayLine(l.Code, l.Amount, l.Rule, l.TableRef, l.Inputs));
        var slips = connection.Query<ClearRow>(ClearSql, transaction: transaction).AsList();
        foreach (var s in slips)
        {
            var figures = new PayslipFigures((int)s.DaysPaid, (int)s.DaysInPeriod, s.Gross, s.Deductions, s.Net, s.NhiInsured, s.Exception);
            List<PayLine> all = [.. lines[(s.RunId, s.Version, s.EmployeeId)], .. EmployerLines.Unpack(s.EmployerLines)];
            connection.Execute(SealSql, new
            {
                s.RunId,
                s.Version,
                s.EmployeeId,
                Figures = seal.SealFigures(figures, s.RunId, s.Version, s.EmployeeId),
                Lines = seal.SealLines(all, s.RunId, s.Version, s.EmployeeId),
                Excepted = s.Exception is not null,
                NetNotPositive = s.Exception is null && s.Net <= 0,
            }, transaction);
        }

        return $"-- {slips.Count} payslips sealed";
    }

    // Classes with settable properties: SQLite's integers convert when set.
    private sealed class ClearRow
    {
        public long RunId { get; init; }

        public long Version { get; init; }

        public long EmployeeId { get; init; }

        public long DaysPaid { get; init; }

        public long DaysInPeriod { get; init; }

        public long Gross { get; init; }

        public long Deductions { get; init; }

        public long Net { get; init; }

        public long NhiInsured { get; init; }

        public string? Exception { get; init; }

        public string? EmployerLines { get; init; }
    }

    private sealed class LineRow
    {
        public long RunId { get; init; }

        public long Version { get; init; }

        public long EmployeeId { get; init; }

        public string Code { get; init; } = "";

        public long Amount { get; init; }

        public string Rule { get; init; } = "";

        public string TableRef { get; init; } = "";

        public string Inputs { get; init; } = "";
    }
}
