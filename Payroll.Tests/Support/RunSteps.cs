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
}
