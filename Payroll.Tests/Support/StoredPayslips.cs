using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Payslips;

namespace Payroll.Tests.Support;

/// <summary>A payslip as stored, opened with the field keys: the tests' way to what a run wrote (its amounts are sealed).</summary>
internal sealed record OpenedPayslip(long EmployeeId, long Version, string EmployeeNo, string UnitCode, bool IsCurrent, PayslipFigures Figures, List<PayLine> Lines)
{
    public long Gross => Figures.Gross;

    public long Deductions => Figures.Deductions;

    public long Net => Figures.Net;

    public string? Exception => Figures.Exception;
}

internal static class StoredPayslips
{
    /// <summary>The payslips of a run (the current ones, or every version's), opened, in employee-number order.</summary>
    public static async Task<List<OpenedPayslip>> PayslipsAsync(this IServiceProvider services, long runId, bool currentOnly = true)
    {
        var seal = services.GetRequiredService<PayslipSeal>();
        await using var c = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var rows = await c.QueryAsync<Row>(
            $"SELECT {StoredPayslip.WithLines}, p.is_current AS IsCurrent FROM salary_payslip p WHERE p.run_id = @runId" + (currentOnly ? " AND p.is_current" : "") +
            " ORDER BY p.employee_no, p.version", new { runId });
        return rows.Select(r => new OpenedPayslip(r.EmployeeId, r.Version, r.EmployeeNo, r.UnitCode, r.IsCurrent, r.OpenFigures(seal), r.OpenLines(seal))).ToList();
    }

    /// <summary>The amounts of a person's current payslip in a run, by line code (the employer's lines too).</summary>
    public static async Task<Dictionary<string, long>> CurrentLinesAsync(this IServiceProvider services, long runId, long employeeId) =>
        (await services.PayslipsAsync(runId)).Where(p => p.EmployeeId == employeeId).SelectMany(p => p.Lines).ToDictionary(l => l.Code, l => l.Amount);

    private sealed class Row : StoredPayslip
    {
        public bool IsCurrent { get; init; }
    }
}
