using System.CommandLine;
using System.Globalization;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Errors;

using Payroll.Host.Cli;

namespace Payroll.Host.Personnel;

/// <summary>
/// <c>payroll personnel template --out FILE</c>, <c>payroll personnel import --file FILE --effective DATE</c> and
/// <c>payroll personnel export [--query TEXT] [--unit CODE] --out FILE</c>.
/// </summary>
internal static class PersonnelCommands
{
    public static Command Create()
    {
        var personnel = new Command("personnel", "People: the Excel template, the import and the (masked) export.");

        var output = new Option<FileInfo>("--out") { Description = "Where to write the template (.xlsx).", Required = true };
        var template = CliAccount.Verb(new Command("template", "Write the employee import template, with this database's units and bank codes.") { output }, async (parse, services, actor, token) =>
        {
            var bytes = await services.GetRequiredService<ISender>().Send(new GetEmployeeImportTemplate(actor), token);
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, bytes, token);
            await Console.Out.WriteLineAsync($"Template written to {file.FullName}.");
            return CliExit.Ok;
        });

        var input = new Option<FileInfo>("--file") { Description = "The filled-in workbook (.xlsx).", Required = true };
        var effective = new Option<string>("--effective") { Description = "For employees: the day the rows take effect (yyyy-MM-dd)." };
        var kind = new Option<string>("--kind") { Description = "employees (default), appraisals, discipline, units or banks.", DefaultValueFactory = _ => "employees" };
        kind.AcceptOnlyFromAmong("employees", "appraisals", "discipline", "units", "banks");
        input.AcceptExistingOnly();
        effective.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                r.AddError($"--effective must be a date like 2026-12-01 (got '{text}').");
            }
        });
        var import = CliAccount.Verb(new Command("import", "Import a workbook: all rows or none; every problem is listed by row and column.") { input, effective, kind }, async (parse, services, actor, token) =>
        {
            var file = parse.GetValue(input)!;
            DateOnly? day = parse.GetValue(effective) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            if (day is null && parse.GetValue(kind) == "employees")
            {
                await Console.Error.WriteLineAsync("error: --effective is required for employees: the day the rows take effect (e.g. 2026-12-01).");
                return CliExit.Usage;
            }
            var result = await ImportModel.ImportAsync(
                services.GetRequiredService<ISender>(), parse.GetValue(kind)!, await File.ReadAllBytesAsync(file.FullName, token), file.Name, day, actor, token);
            if (!result.Applied)
            {
                await Console.Error.WriteLineAsync($"Nothing imported: {result.Problems.Count} problem(s).");
                foreach (var p in result.Problems)
                {
                    await Console.Error.WriteLineAsync(p.Row == 0 ? $"  檔案：{p.Message}" : $"  第 {p.Row} 列「{p.Column}」：{p.Message}");
                }

                return CliExit.Refused;
            }

            await Console.Out.WriteLineAsync($"Imported {result.Rows} rows: {result.Created} new, {result.Changed} changed, {result.Unchanged} unchanged.");
            if (result.Batch is { } batch)
            {
                await Console.Out.WriteLineAsync($"{result.Pending} of them wait for a second HR clerk: payroll personnel approve --batch {batch}");
            }

            return CliExit.Ok;
        });

        personnel.Subcommands.Add(template);
        personnel.Subcommands.Add(import);
        personnel.Subcommands.Add(Export());
        personnel.Subcommands.Add(Pending());
        personnel.Subcommands.Add(Decide("approve", approve: true));
        personnel.Subcommands.Add(Decide("reject", approve: false));
        return personnel;
    }

    /// <summary>
    /// The people a search finds, masked, as the page's export: kept in the Vault with every person a subject, then taken
    /// out through a single-use grant of this verb's own session, so the ledger records the export and the download
    /// with every person, each time (a repeated export too). The file is created new, 0600, never through a link.
    /// </summary>
    private static Command Export()
    {
        var query = new Option<string?>("--query") { Description = "Employee number, national ID or part of a name (default: everyone)." };
        var unit = new Option<string?>("--unit") { Description = "Only this paying unit's people." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the .xlsx (it lists people: keep it as the personnel record it is).", Required = true };
        var force = PayrollCli.ForceOption();
        var command = new Command("export", "Export the people a search finds (identifiers masked); recorded in the access ledger with every person.") { query, unit, output, force };
        return CliAccount.Verb(command, async (parse, services, actor, token) =>
        {
            var sender = services.GetRequiredService<ISender>();
            var documentId = await sender.Send(new ExportEmployees(parse.GetValue(query), parse.GetValue(unit), actor), token);
            var grant = await sender.Send(new RequestDownload(documentId, actor), token)
                ?? throw new RefusedException("The export was kept but this account may not download it.");
            var content = await sender.Send(new RedeemDownload(grant.GrantId, actor), token)
                ?? throw new RefusedException("The export's download was refused.");
            var file = parse.GetValue(output)!;
            await PayrollCli.WriteOwnerOnlyAsync([(file.FullName, content.Content)], parse.GetValue(force), token);
            await Console.Out.WriteLineAsync($"{file.FullName}: {content.Content.Length:N0} bytes (document {documentId})");
            return CliExit.Ok;
        });
    }

    /// <summary><c>payroll personnel pending [--batch B] [--all]</c>: the changes waiting for a second HR clerk, masked; recorded like the page.</summary>
    private static Command Pending()
    {
        var batch = new Option<string?>("--batch") { Description = "Only the changes of this import." };
        var all = new Option<bool>("--all") { Description = "Decided changes too (with who decided and the note)." };
        var command = new Command("pending", "List changes waiting for a second HR clerk, with each field before and after (masked).") { batch, all };
        return CliAccount.Verb(command, async (parse, services, actor, token) =>
        {
            var changes = await services.GetRequiredService<ISender>().Send(new GetPendingChanges(!parse.GetValue(all), parse.GetValue(batch), actor), token);
            foreach (var c in changes)
            {
                var decided = c.State == PendingState.Pending ? "" : $" [{c.State} by {c.DecidedBy}{(c.Note is null ? "" : ": " + c.Note)}]";
                await Console.Out.WriteLineAsync(FormattableString.Invariant(
                    $"#{c.Id} {c.EmployeeNo} from {c.EffectiveFrom:yyyy-MM-dd} ({string.Join(", ", c.Why)}) by {c.MadeBy}, batch {c.Batch ?? "-"}: {c.Reason}{decided}"));
                foreach (var d in c.Differences)
                {
                    await Console.Out.WriteLineAsync($"    {d.Field}: {d.Before ?? "-"} -> {d.After ?? "-"}");
                }
            }

            await Console.Out.WriteLineAsync($"{changes.Count} change(s).");
            return CliExit.Ok;
        });
    }

    /// <summary>
    /// <c>payroll personnel approve|reject (--id N ... | --batch B) [--note TEXT]</c>: as the signed-in HR clerk, who must
    /// not be the one who made any of them (the rule refuses it, whatever the channel).
    /// </summary>
    private static Command Decide(string name, bool approve)
    {
        var ids = new Option<long[]>("--id") { Description = "The pending change(s), by number.", AllowMultipleArgumentsPerToken = true };
        var batch = new Option<string?>("--batch") { Description = "Every open change of this import." };
        var note = new Option<string?>("--note") { Description = approve ? "Why (optional)." : "Why it is sent back (required)." };
        var command = new Command(name, approve
            ? "Approve pending changes made by another HR clerk: they take effect as versions naming both of you."
            : "Reject pending changes, with a note: they are never paid.") { ids, batch, note };
        return CliAccount.Verb(command, async (parse, services, actor, token) =>
        {
            var chosen = parse.GetValue(ids) ?? [];
            if (chosen.Length == 0 == string.IsNullOrWhiteSpace(parse.GetValue(batch)))
            {
                await Console.Error.WriteLineAsync("error: give either --id (one or more) or --batch.");
                return CliExit.Usage;
            }

            var decision = await services.GetRequiredService<ISender>().Send(new DecidePendingChanges(chosen, parse.GetValue(batch), approve, parse.GetValue(note), actor), token);
            await Console.Out.WriteLineAsync($"{decision.Approved} approved, {decision.Rejected} rejected.");
            return CliExit.Ok;
        });
    }
}
