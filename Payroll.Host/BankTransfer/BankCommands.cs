using System.CommandLine;
using System.Text.Json;
using Mediator;
using Payroll.Modules.Contracts.BankTransfer;

using Payroll.Host.Cli;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Host.BankTransfer;

/// <summary>
/// <c>payroll bank export|release|return|show|check|profile</c>: bank files of approved runs from scripts. Files are
/// written readable by their owner only; their content never goes to the console or the log.
/// </summary>
internal static class BankCommands
{
    public static Command Create()
    {
        var bank = new Command("bank", "Bank files: export (generate), release, result files.");
        bank.Subcommands.Add(Export());
        bank.Subcommands.Add(Release());
        bank.Subcommands.Add(Return());
        bank.Subcommands.Add(Show());
        bank.Subcommands.Add(Check());
        bank.Subcommands.Add(Profile());
        return bank;
    }

    private static Option<long> RunOption() => new("--run") { Description = "The run's id.", Required = true };

    private static Command Export()
    {
        var run = RunOption();
        var profile = new Option<string?>("--profile") { Description = "achp01, pain001, or a layout file's name (NAME.json in the layout directory); default: each payer account's own profile." };
        var hold = new Option<string?>("--hold") { Description = "Employee numbers to hold back (comma-separated): left out of the file, paid by a reissue run." };
        var output = new Option<FileInfo>("--out") { Description = "The file to write; with several payer accounts, one file each, named FILE-<bank>-<last 4 digits>.", Required = true };
        var force = PayrollCli.ForceOption();
        var command = new Command("export", "Generate an approved run's bank files (kept in the Vault) and write them out; each export is recorded in the access ledger.") { run, profile, hold, output, force };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var holdBack = (parse.GetValue(hold) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var export = await services.GetRequiredService<ISender>().Send(new ExportBankFiles(parse.GetValue(run), parse.GetValue(profile), holdBack, actor), ct);
            var target = parse.GetValue(output)!;
            var files = export.Generation.Files;
            var paths = files.Select(f => files.Count == 1 ? target.FullName
                : Path.Combine(target.DirectoryName!, $"{Path.GetFileNameWithoutExtension(target.Name)}-{f.PayerBank}-{f.PayerAccountMasked[^4..]}{target.Extension}")).ToList();
            await PayrollCli.WriteOwnerOnlyAsync(paths.Select((p, i) => (p, export.Contents[i])).ToList(), parse.GetValue(force), ct);
            for (var i = 0; i < files.Count; i++)
            {
                var f = files[i];
                await Console.Out.WriteLineAsync(FormattableString.Invariant($"{paths[i]}: {f.Profile}, {f.Count:N0} payments, total {f.Total:N0}, sha256 {f.Sha256}"));
            }

            await PrintHeldAsync(export.Generation);
            return CliExit.Ok;
        });
    }

    private static Command Release()
    {
        var run = RunOption();
        var command = new Command("release", "Release a run's generated bank files (maker-checker); marks the run Paid. Once per run.") { run };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            await PrintAsync(await services.GetRequiredService<ISender>().Send(new ReleaseBankFiles(parse.GetValue(run), actor), ct));
            return CliExit.Ok;
        });
    }

    private static Command Return()
    {
        var run = RunOption();
        var file = new Option<FileInfo>("--file") { Description = "The bank's result file (ACHP01 with response codes).", Required = true };
        file.AcceptExistingOnly();
        var command = new Command("return", "Import the bank's result file: each payment paid or rejected with the reason.") { run, file };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var path = parse.GetValue(file)!;
            var result = await services.GetRequiredService<ISender>().Send(new ImportBankReturn(parse.GetValue(run), await File.ReadAllBytesAsync(path.FullName, ct), path.Name, actor), ct);
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"paid {result.Paid:N0}, rejected {result.Rejected:N0}"));
            foreach (var r in result.Rejections)
            {
                await Console.Out.WriteLineAsync(FormattableString.Invariant($"  rejected {r.EmployeeNo} ({r.UnitCode}) {r.Amount:N0}: {r.Code} {r.Reason}"));
            }

            return CliExit.Ok;
        });
    }

    private static Command Show()
    {
        var run = RunOption();
        var json = new Option<bool>("--json") { Description = "As JSON." };
        var command = new Command("show", "The run's bank files: per payer account, count, total, SHA-256, release and payment statuses.") { run, json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var generation = await services.GetRequiredService<ISender>().Send(new GetBankGeneration(parse.GetValue(run), actor), ct);
            if (generation is null)
            {
                throw new NotFoundException("bank files of run", parse.GetValue(run));
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(generation, PayrollCli.Json));
            }
            else
            {
                await PrintAsync(generation);
            }

            return CliExit.Ok;
        });
    }

    private static Command Check()
    {
        var run = RunOption();
        var json = new Option<bool>("--json") { Description = "As JSON: the problems, each with the person, unit, field and message." };
        var command = new Command("check", "Check every payee of an approved run (bank, branch, account, amount, name encoding) without writing a file.") { run, json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var problems = await services.GetRequiredService<ISender>().Send(new CheckBankPayees(parse.GetValue(run), actor), ct);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(problems, PayrollCli.Json));
                return problems.Count == 0 ? CliExit.Ok : CliExit.Refused;
            }

            foreach (var p in problems)
            {
                await Console.Out.WriteLineAsync($"{p.EmployeeNo} ({p.UnitCode}) {p.Field}: {p.Message}");
            }

            await Console.Out.WriteLineAsync(FormattableString.Invariant($"{problems.Count} problem(s)"));
            return problems.Count == 0 ? CliExit.Ok : CliExit.Refused;
        });
    }

    private static Command Profile()
    {
        var payerBank = new Option<string>("--payer-bank") { Description = "The payer account's bank and branch, 7 digits (e.g. 0040037).", Required = true };
        var account = new Option<string>("--account") { Description = "The payer account number.", Required = true };
        var profile = new Option<string>("--profile") { Description = "achp01, pain001, or a layout file's name.", Required = true };
        var command = new Command("profile", "Set the bank profile of a payer account.") { payerBank, account, profile };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            await services.GetRequiredService<ISender>().Send(new SetPayerProfile(parse.GetValue(payerBank)!, parse.GetValue(account)!, parse.GetValue(profile)!, actor), ct);
            await Console.Out.WriteLineAsync("profile set");
            return CliExit.Ok;
        });
    }

    private static async Task PrintAsync(BankGeneration g)
    {
        await Console.Out.WriteLineAsync(FormattableString.Invariant($"run {g.RunId} generation {g.GenerationId}: generated by {g.GeneratedBy} at {g.GeneratedAt:u}; ")
            + (g.ReleasedBy is null ? "not released" : FormattableString.Invariant($"released by {g.ReleasedBy} at {g.ReleasedAt:u}")));
        foreach (var f in g.Files)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"  {f.PayerBank} {f.PayerAccountMasked} {f.PayerName}: {f.Profile} {f.FileName}, {f.Count:N0} payments, total {f.Total:N0}, sha256 {f.Sha256}"));
        }

        await Console.Out.WriteLineAsync(FormattableString.Invariant($"  payments: generated {g.Status.Generated:N0}, sent {g.Status.Sent:N0}, paid {g.Status.Paid:N0}, rejected {g.Status.Rejected:N0}, held {g.Status.Held:N0}"));
        await PrintHeldAsync(g);
    }

    private static async Task PrintHeldAsync(BankGeneration g)
    {
        foreach (var h in g.Held)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"  held {h.EmployeeNo} ({h.UnitCode}) {h.Amount:N0}: {h.Reason}"));
        }

        foreach (var note in g.Notes)
        {
            await Console.Out.WriteLineAsync("  note: " + note);
        }
    }
}
