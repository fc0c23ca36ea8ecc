using System.CommandLine;
using System.Globalization;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary><c>payroll costs export --month yyyy-MM [--unit CODE] --out FILE</c>: the employer's costs of a month's salaries, for the accounting office.</summary>
internal static class CostCommands
{
    public static Command Create()
    {
        var month = new Option<string>("--month") { Description = "The month the salaries were paid (yyyy-MM, by each run's pay day).", Required = true };
        var unit = new Option<string[]>("--unit") { Description = "A unit code (repeat for several; default: every unit)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the .xlsx (it names people and their pay: keep it as a register).", Required = true };
        var force = PayrollCli.ForceOption();
        var export = new Command("export", "Export the employer's costs (機關負擔) per unit and budget code; the export is recorded in the access ledger.") { month, unit, output, force };
        CliAccount.Verb(export, async (parse, services, actor, token) =>
        {
            var result = await services.GetRequiredService<ISender>().Send(
                new ExportEmployerCosts(parse.GetValue(month)!, parse.GetValue(unit) ?? [], actor), token);
            var file = parse.GetValue(output)!;
            await PayrollCli.WriteOwnerOnlyAsync([(file.FullName, result.Content)], parse.GetValue(force), token);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{file.FullName}: {result.Units.Count} units, {result.Units.Sum(u => u.People):N0} people, salaries {result.Units.Sum(u => u.Salaries):N0}, employer costs {result.Units.Sum(u => u.Total):N0} (document {result.DocumentId})"));
            return CliExit.Ok;
        });
        var costs = new Command("costs", "The employer's costs of salaries, for the accounting office.");
        costs.Subcommands.Add(export);
        return costs;
    }
}
