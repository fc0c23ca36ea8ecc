using System.CommandLine;
using System.Globalization;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;

using Payroll.Host.Cli;

namespace Payroll.Host.Personnel;

/// <summary><c>payroll personnel template --out FILE</c> and <c>payroll personnel import --file FILE --effective DATE</c>.</summary>
internal static class PersonnelCommands
{
    public static Command Create()
    {
        var personnel = new Command("personnel", "People: the Excel template and the import.");

        var output = new Option<FileInfo>("--out") { Description = "Where to write the template (.xlsx).", Required = true };
        var template = new Command("template", "Write the employee import template, with this database's units and bank codes.") { output };
        template.TreatUnmatchedTokensAsErrors = false;
        template.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), async (services, token) =>
        {
            var bytes = await services.GetRequiredService<ISender>().Send(new GetEmployeeImportTemplate(), token);
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, bytes, token);
            await Console.Out.WriteLineAsync($"Template written to {file.FullName}.");
            return 0;
        }, ct));

        var input = new Option<FileInfo>("--file") { Description = "The filled-in workbook (.xlsx).", Required = true };
        var effective = new Option<string>("--effective") { Description = "For employees: the day the rows take effect (yyyy-MM-dd)." };
        var kind = new Option<string>("--kind") { Description = "employees (default), appraisals, units or banks.", DefaultValueFactory = _ => "employees" };
        var import = new Command("import", "Import a workbook: all rows or none; every problem is listed by row and column.") { input, effective, kind };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), async (services, token) =>
        {
            var file = parse.GetValue(input)!;
            DateOnly? day = null;
            if (DateOnly.TryParseExact(parse.GetValue(effective), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                day = parsed;
            }
            else if (parse.GetValue(kind) == "employees" || parse.GetValue(effective) is not null)
            {
                await Console.Error.WriteLineAsync("error: --effective must be a date like 2026-12-01.");
                return 2;
            }

            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: --file {file.FullName} does not exist.");
                return 2;
            }

            var actor = PayrollCli.Actor;
            var result = await ImportModel.ImportAsync(
                services.GetRequiredService<ISender>(), parse.GetValue(kind)!, await File.ReadAllBytesAsync(file.FullName, token), file.Name, day, actor, token);
            if (!result.Applied)
            {
                await Console.Error.WriteLineAsync($"Nothing imported: {result.Problems.Count} problem(s).");
                foreach (var p in result.Problems)
                {
                    await Console.Error.WriteLineAsync(p.Row == 0 ? $"  檔案：{p.Message}" : $"  第 {p.Row} 列「{p.Column}」：{p.Message}");
                }

                return 1;
            }

            await Console.Out.WriteLineAsync($"Imported {result.Rows} rows: {result.Created} new, {result.Changed} changed, {result.Unchanged} unchanged.");
            return 0;
        }, ct));

        personnel.Subcommands.Add(template);
        personnel.Subcommands.Add(import);
        return personnel;
    }
}
