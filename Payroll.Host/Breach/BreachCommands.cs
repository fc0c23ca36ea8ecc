using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mediator;
using Payroll.Modules.Contracts.Breach;

using Payroll.Host.Cli;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Breach;

/// <summary><c>payroll breach new|scope|status</c>: incidents from a terminal, for the first hour when the pages may be shut.</summary>
internal static class BreachCommands
{
    public static Command Create()
    {
        var breach = new Command("breach", "Breach incidents: record, scope who was affected, status.");
        breach.Subcommands.Add(New());
        breach.Subcommands.Add(Scope());
        breach.Subcommands.Add(Status());
        breach.Subcommands.Add(Delivery());
        return breach;
    }

    private static Command New()
    {
        var title = new Option<string>("--title") { Description = "What happened, in a line.", Required = true };
        var aware = new Option<DateTimeOffset>("--aware-at") { Description = "When the organisation became aware (ISO 8601 with offset, e.g. 2026-11-20T19:00:00+08:00).", Required = true };
        var level = new Option<int>("--level") { Description = "Cyber-security incident level, 1 to 4.", DefaultValueFactory = _ => 2 };
        var rules = new Option<BreachRuleSet?>("--rules") { Description = "Pdpa (in force) or Pdpa2025; default by the configured effective date." };
        var command = new Command("new", "Record an incident; prints its id.") { title, aware, level, rules };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var at = parse.GetValue(aware);
            var ruleSet = parse.GetValue(rules) ?? await services.GetRequiredService<ISender>().Send(new GetApplicableRuleSet(at, actor), ct);
            var id = await services.GetRequiredService<ISender>().Send(new CreateIncident(new IncidentInput(parse.GetValue(title)!, at, parse.GetValue(level), ruleSet), actor), ct);
            await Console.Out.WriteLineAsync(id.ToString(CultureInfo.InvariantCulture));
            return CliExit.Ok;
        });
    }

    private static Command Scope()
    {
        var incident = new Option<long>("--incident") { Description = "The incident's id.", Required = true };
        var logs = new Option<string[]>("--log") { Description = "iis:FILE or nginx:FILE (repeat for several)." };
        logs.Validators.Add(r =>
        {
            foreach (var l in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!(l.StartsWith("iis:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("nginx:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("apache:", StringComparison.OrdinalIgnoreCase)))
                {
                    r.AddError($"--log {l}: write iis:FILE or nginx:FILE.");
                }
            }
        });
        var ledgerFrom = new Option<DateTimeOffset?>("--ledger-from") { Description = "Also search the access ledger from this time (ISO 8601)." };
        var ledgerTo = new Option<DateTimeOffset?>("--ledger-to") { Description = "... up to this time (default: now)." };
        var ledgerActor = new Option<string[]>("--ledger-actor") { Description = "Only these accounts' accesses (repeat)." };
        var ledgerKind = new Option<string[]>("--ledger-kind") { Description = "Only accesses to these document kinds, e.g. payroll-register (repeat)." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Log entries from this time." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Log entries before this time." };
        var all = new Option<bool>("--include-trusted") { Description = "Count requests from the trusted networks too (default: outside addresses only)." };
        var legacy = new Option<string[]>("--legacy-route") { Description = "PATH-PREFIX[?PARAMETER]: an old system's report URL (repeat)." };
        var reports = new Option<FileInfo?>("--legacy-reports") { Description = "Workbook of the people each legacy report held (sheet 報表: 報表代號, 員工編號)." };
        var list = new Option<FileInfo?>("--list") { Description = "Workbook whose first column lists employee numbers." };
        var command = new Command("scope", "Find who the incident affected; prints the counts by source and the evidence summary.") { incident, logs, ledgerFrom, ledgerTo, ledgerActor, ledgerKind, from, to, all, legacy, reports, list };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var files = (parse.GetValue(logs) ?? []).Select(l =>
            {
                var colon = l.IndexOf(':', StringComparison.Ordinal);
                var format = colon > 0 ? l[..colon].ToLowerInvariant() : "";
                return format switch
                {
                    "iis" => new LogFile(LogFormat.Iis, Path.GetFullPath(l[(colon + 1)..])),
                    "nginx" or "apache" => new LogFile(LogFormat.Nginx, Path.GetFullPath(l[(colon + 1)..])),
                    _ => throw new InvalidInputException([new InputError(null, "log", $"{l}: write iis:FILE or nginx:FILE")]),
                };
            }).ToList();
            var outsideOnly = !parse.GetValue(all);
            var ledger = parse.GetValue(ledgerFrom) is { } lf ? new LedgerScope(lf, parse.GetValue(ledgerTo) ?? DateTimeOffset.UtcNow, outsideOnly, [], parse.GetValue(ledgerActor) ?? [], parse.GetValue(ledgerKind) ?? []) : null;
            var routes = (parse.GetValue(legacy) ?? []).Select(r => r.Split('?', 2) is var p && p.Length == 2 ? new LegacyRoute(p[0], p[1]) : new LegacyRoute(r, null)).ToList();
            var input = new ScopeInput(Ledger: ledger, Logs: files, From: parse.GetValue(from), To: parse.GetValue(to), OutsideTrustedOnly: outsideOnly, LegacyRoutes: routes, LegacyReports: parse.GetValue(reports) is { } r ? await File.ReadAllBytesAsync(r.FullName, ct) : null, LegacyCategories: [], EmployeeList: parse.GetValue(list) is { } l ? await File.ReadAllBytesAsync(l.FullName, ct) : null);
            var set = await services.GetRequiredService<ISender>().Send(new ScopeIncident(parse.GetValue(incident), input, actor), ct);
            await PrintAsync(set);
            return CliExit.Ok;
        });
    }

    private static Command Status()
    {
        var id = new Option<long>("--incident") { Description = "The incident's id.", Required = true };
        var json = new Option<bool>("--json") { Description = "As JSON." };
        var command = new Command("status", "An incident: facts, deadlines, the current affected set.") { id, json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var detail = await services.GetRequiredService<ISender>().Send(new GetIncident(parse.GetValue(id), actor), ct);
            if (detail is null)
            {
                throw new NotFoundException("incident", parse.GetValue(id));
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(detail, PayrollCli.Json));
                return CliExit.Ok;
            }

            await Console.Out.WriteLineAsync(FormattableString.Invariant($"incident {detail.IncidentId}: {detail.Input.Title} (level {detail.Input.Level}, {detail.Input.RuleSet}), aware {detail.Input.AwareAt:u}"));
            foreach (var d in detail.Deadlines.Where(d => d.Applies))
            {
                await Console.Out.WriteLineAsync(FormattableString.Invariant($"  {d.What}: {(d.Due is { } due ? due.ToString("u", CultureInfo.InvariantCulture) : "promptly")}{(d.MetAt is { } met ? FormattableString.Invariant($", met {met:u}") : "")} — {d.Basis}"));
            }

            if (detail.CurrentSet is { } set)
            {
                await PrintAsync(set);
            }

            return CliExit.Ok;
        });
    }

    private static Command Delivery()
    {
        var notice = new Option<long>("--notice") { Description = "The notice's number (on the letter, the receipt sheet and the evidence register).", Required = true };
        var what = new Option<string>("--what") { Description = "What happened: \"signed receipt\", \"delivered\", \"bounced: 550 user unknown\" ...", Required = true };
        var at = new Option<DateTimeOffset?>("--at") { Description = "When (ISO 8601; default now). For a letter, art. 30's period runs from this day." };
        var command = new Command("delivery", "Record what became of a sent notice: a signed receipt, a delivery, a bounce.") { notice, what, at };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            await services.GetRequiredService<ISender>().Send(new RecordNoticeDelivery(parse.GetValue(notice), parse.GetValue(what)!, parse.GetValue(at) ?? DateTimeOffset.UtcNow, actor), ct);
            await Console.Out.WriteLineAsync("recorded");
            return CliExit.Ok;
        });
    }

    private static async Task PrintAsync(AffectedSetSummary set)
    {
        await Console.Out.WriteLineAsync(FormattableString.Invariant($"affected set v{set.Version}: {set.People:N0} people"));
        foreach (var s in set.Sources)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"  {s.Source}: {s.People:N0} people, {s.Requests:N0} requests"));
        }

        await Console.Out.WriteLineAsync(FormattableString.Invariant($"  requests that exposed nobody: {set.FailedRequests:N0} failed or redirected, {set.UnresolvedRequests:N0} not resolvable to people"));
        foreach (var c in set.Categories)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"  category {c.Name}: {c.People:N0}"));
        }

        foreach (var input in set.Inputs)
        {
            await Console.Out.WriteLineAsync("  input " + input);
        }
    }
}
