using System.CommandLine;
using System.Text.Json;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary><c>payroll tables list|verify</c>: the reference table versions, and an administrator's verification of one against its official document.</summary>
internal static class TableCommands
{
    public static Command Create()
    {
        var tables = new Command("tables", "Reference tables: list the versions, verify one against its official document.");
        tables.Subcommands.Add(List());
        tables.Subcommands.Add(Verify());
        return tables;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "As JSON: each version with its source and verification." };
        var command = new Command("list", "Every version of every reference table, newest first per kind.") { json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var all = await services.GetRequiredService<ISender>().Send(new ListReferenceTables(actor), ct);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(all, PayrollCli.Json));
                return CliExit.Ok;
            }

            foreach (var t in all)
            {
                await Console.Out.WriteLineAsync($"{t.Ref} {(t.Verified ? $"verified by {t.VerifiedBy} sha256 {t.VerifiedSourceSha256}" : "UNVERIFIED")}  {t.Source}");
            }

            return CliExit.Ok;
        });
    }

    private static Command Verify()
    {
        var id = new Option<long>("--id") { Description = "The version's id (the number after # in its name).", Required = true };
        var document = new Option<FileInfo>("--document") { Description = "The official document the figures were compared with (PDF or workbook); its SHA-256 is recorded.", Required = true };
        var command = new Command("verify", "Mark a reference table version verified against its official document.") { id, document };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var file = parse.GetValue(document)!;
            if (!file.Exists)
            {
                throw new Modules.Kernel.Validation.InvalidInputException([new Modules.Kernel.Validation.InputError(null, "--document", $"no file {file.FullName}")]);
            }
            var verified = await services.GetRequiredService<ISender>().Send(
                new VerifyReferenceTable(parse.GetValue(id), await File.ReadAllBytesAsync(file.FullName, ct), actor), ct);
            await Console.Out.WriteLineAsync($"{verified.Ref} verified by {verified.VerifiedBy}, document sha256 {verified.VerifiedSourceSha256}");
            return CliExit.Ok;
        });
    }
}
