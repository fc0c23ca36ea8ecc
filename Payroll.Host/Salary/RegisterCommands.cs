using System.CommandLine;
using System.Globalization;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary><c>payroll register export --run RUNID [--unit CODE] --out FILE</c>: a run's register, kept in the Vault and written to a file.</summary>
internal static class RegisterCommands
{
    public static Command Create()
    {
        var run = new Option<long>("--run") { Description = "The run's id.", Required = true };
        var unit = new Option<string[]>("--unit") { Description = "A unit code (repeat for several; default: every unit)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the .xlsx (it holds personal data: keep it as the register it is).", Required = true };
        var force = PayrollCli.ForceOption();
        var export = new Command("export", "Export a run's payroll register (薪資清冊); the export is recorded in the access ledger.") { run, unit, output, force };
        CliAccount.Verb(export, async (parse, services, actor, token) =>
        {
            var result = await services.GetRequiredService<ISender>().Send(
                new ExportPayrollRegister(parse.GetValue(run), parse.GetValue(unit) ?? [], actor), token);
            var file = parse.GetValue(output)!;
            await PayrollCli.WriteOwnerOnlyAsync([(file.FullName, result.Content)], parse.GetValue(force), token);

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{file.FullName}: {result.Totals.People:N0} people, gross {result.Totals.Gross:N0}, deductions {result.Totals.Deductions:N0}, net {result.Totals.Net:N0}, exceptions {result.Totals.Exceptions} (document {result.DocumentId})"));
            return CliExit.Ok;
        });
        var register = new Command("register", "Payroll registers.");
        register.Subcommands.Add(export);
        return register;
    }
}
