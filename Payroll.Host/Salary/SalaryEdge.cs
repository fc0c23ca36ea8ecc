using Payroll.Modules.Contracts.Authorization;
using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.Salary;

/// <summary>The Salary module's edge: runs, payslips, registers, reference tables; <c>run</c>, <c>register</c>, <c>tables</c> and <c>garnishment</c> verbs; <c>/api/v1/runs</c>.</summary>
internal sealed class SalaryEdge : IModuleEdge
{
    private static readonly string[] RunViewers = [Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor];

    public IEnumerable<Command> Commands() => [RunCommands.Create(), RegisterCommands.Create(), CostCommands.Create(), TableCommands.Create(), GarnishmentCommands.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapRunEndpoints();

    public IEnumerable<MenuEntry> Menu() => [new("/Salary/Runs", "PayrollRuns", RunViewers), new("/Salary/Tables", "ReferenceTables", RunViewers), new("/Salary/Rules", "PayRules", RunViewers)];
}
