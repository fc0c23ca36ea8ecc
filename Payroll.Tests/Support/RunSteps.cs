using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Support;

/// <summary>A run started and calculated chunk by chunk in this process, and a person's current payslip lines, for the run tests.</summary>
internal static class RunSteps
{
    /// <summary>A migrated database with a demo city: <paramref name="units"/> paying units and <paramref name="people"/> people in them.</summary>
    public static async Task SeedDemoCityAsync(this IServiceProvider services, int units, int people, int seed)
    {
        await Payroll.Modules.Composition.PayrollModules.PrepareDatabaseAsync(services, CancellationToken.None);
        await services.SendInScopeAsync(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(units, seed, TestActors.Staff));
        await services.SendInScopeAsync(new Payroll.Modules.Contracts.Personnel.SeedDemoEmployees(1, people, seed, TestActors.Staff));
    }

    /// <summary>A 俸額表 published late: every shipped amount raised by <paramref name="by"/> from <paramref name="effectiveFrom"/>.</summary>
    public static Task RaiseSalaryPointsAsync(this IServiceProvider services, long by, string effectiveFrom, Actor admin)
    {
        var shipped = Payroll.Modules.Salary.Tables.ShippedTables.ReadAll().Single(f => f.Kind == Payroll.Modules.Salary.Tables.TableKinds.SalaryPoints);
        var raised = new Payroll.Modules.Salary.Tables.SalaryPointsTable(((Payroll.Modules.Salary.Tables.SalaryPointsTable)shipped.Content).Rows.Select(r => r with { Amount = r.Amount + by }).ToList());
        return services.SendInScopeAsync(new LoadReferenceTable(
            System.Text.Json.JsonSerializer.Serialize(new { kind = "salary-points", effectiveFrom, source = "test raise", verified = false, content = raised }, Payroll.Modules.Salary.Tables.TableKinds.Json), admin));
    }

    public static async Task<PayrollRunSummary> StartAndCalculateAsync(this IServiceProvider services, string period, RunKind kind, Actor starter)
    {
        var plan = await services.SendInScopeAsync(new StartPayrollRun(period, kind, [], starter));
        foreach (var chunk in plan.Chunks)
        {
            await services.SendInScopeAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        return (await services.SendInScopeAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!;
    }

    /// <summary>The amounts of a person's current payslip in a run, by line code.</summary>
    public static async Task<Dictionary<string, long>> CurrentLinesAsync(this IDbConnectionFactory db, long runId, long employeeId)
    {
        await using var c = await db.OpenAsync();
        var lines = (await c.QueryAsync<(string Code, long Amount)>(
                "SELECT l.code, l.amount FROM salary_payslip_line l JOIN salary_payslip p ON p.run_id = l.run_id AND p.version = l.version AND p.employee_id = l.employee_id " +
                "WHERE p.run_id = @runId AND p.employee_id = @employeeId AND p.is_current", new { runId, employeeId }))
            .ToDictionary(x => x.Code, x => x.Amount);
        var packed = await c.ExecuteScalarAsync<string?>(
            "SELECT employer_lines FROM salary_payslip WHERE run_id = @runId AND employee_id = @employeeId AND is_current", new { runId, employeeId });
        foreach (var line in Payroll.Modules.Salary.Calculation.EmployerLines.Unpack(packed))
        {
            lines.Add(line.Code, line.Amount);
        }

        return lines;
    }
}
