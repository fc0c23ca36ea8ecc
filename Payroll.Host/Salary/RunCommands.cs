using System.CommandLine;
using System.Text.Json;
using Mediator;
using Payroll.Jobs.Payroll;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;

using Payroll.Host.Cli;

namespace Payroll.Host.Salary;

/// <summary><c>payroll run start|rerun|resume|show|approve|cancel|list</c>: payroll runs from scripts; a run is named with <c>--run ID</c>.</summary>
internal static class RunCommands
{
    public static Command Create()
    {
        var run = new Command("run", "Payroll runs: start, rerun, show, approve, cancel.");
        run.Subcommands.Add(Start());
        run.Subcommands.Add(Rerun());
        run.Subcommands.Add(Resume());
        run.Subcommands.Add(Show());
        run.Subcommands.Add(Approve());
        run.Subcommands.Add(Cancel());
        run.Subcommands.Add(List());
        return run;
    }

    private static Command Start()
    {
        var period = new Option<string>("--period") { Description = "The month to pay, yyyy-MM (e.g. 2026-12).", Required = true };
        var kind = new Option<RunKind>("--kind") { Description = "Regular (default), YearEndBonus (period yyyy-12) or PerformanceBonus (period yyyy-01).", DefaultValueFactory = _ => RunKind.Regular };
        var units = UnitsOption();
        var (wait, workers) = WaitOptions();
        var reissue = new Option<long?>("--reissue-of") { Description = "With --kind OffCycle: pay again the people a paid run could not pay (held back or rejected by the bank)." };
        var payDate = new Option<DateOnly?>("--pay-date") { Description = "The day the run is paid, yyyy-MM-dd (default: the period's first day); the tax year follows it." };
        var command = new Command("start", "Start a run; prints its id (and, with --wait, its totals once calculated).") { period, kind, units, reissue, payDate, wait, workers };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var plan = await services.GetRequiredService<ISender>().Send(new StartPayrollRun(parse.GetValue(period)!, parse.GetValue(kind), Split(parse.GetValue(units)), actor, parse.GetValue(reissue), parse.GetValue(payDate)), ct);
            return await ReportAsync(services, plan, parse.GetValue(wait), parse.GetValue(workers), ct);
        });
    }

    private static Command Rerun()
    {
        var id = RunOption();
        var units = UnitsOption();
        var employee = new Option<string?>("--employee") { Description = "Rerun only this person (employee number)." };
        var (wait, workers) = WaitOptions();
        var command = new Command("rerun", "Calculate a run again before approval: all of it, some units or one person.") { id, units, employee, wait, workers };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var plan = await services.GetRequiredService<ISender>().Send(new RerunPayroll(parse.GetValue(id), Split(parse.GetValue(units)), parse.GetValue(employee), actor), ct);
            return await ReportAsync(services, plan, parse.GetValue(wait), parse.GetValue(workers), ct);
        });
    }

    private static Command Resume()
    {
        var id = RunOption();
        var (_, workers) = WaitOptions();
        var command = new Command("resume", "Calculate what is left of a run still calculating (after a crash, or with no host running).") { id, workers };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var summary = await services.GetRequiredService<ISender>().Send(new GetPayrollRunSummary(parse.GetValue(id), actor), ct)
                ?? throw new NotFoundException("payroll run", parse.GetValue(id));
            if (summary.PendingVersion is not { } version)
            {
                throw new ConflictException($"Run {summary.RunId} is {summary.State}: nothing to resume.");
            }

            var plan = new RunPlan(summary.RunId, version, 0, Enumerable.Range(1, summary.ChunksTotal).ToList());
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"run {summary.RunId} version {version}: {summary.ChunksDone} of {summary.ChunksTotal} chunks done; calculating the rest"));
            return await ReportAsync(services, plan, true, parse.GetValue(workers), ct, quiet: true);
        });
    }

    private static Command Show()
    {
        var id = RunOption();
        var json = new Option<bool>("--json") { Description = "As JSON: state, totals, per-unit totals, exceptions, checks." };
        var command = new Command("show", "Show a run. Exceptions name people: the view is recorded in the access ledger.") { id, json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var detail = await services.GetRequiredService<ISender>().Send(new GetPayrollRun(parse.GetValue(id), actor), ct)
                ?? throw new NotFoundException("payroll run", parse.GetValue(id));
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(detail, PayrollCli.Json));
                return CliExit.Ok;
            }

            await PrintAsync(detail.Summary);
            foreach (var u in detail.Units)
            {
                await Console.Out.WriteLineAsync(FormattableString.Invariant($"  {u.UnitCode,-8} {u.Totals.People,7:N0} people  gross {u.Totals.Gross,15:N0}  net {u.Totals.Net,15:N0}  exceptions {u.Totals.Exceptions}"));
            }

            foreach (var e in detail.Exceptions)
            {
                await Console.Out.WriteLineAsync($"  exception {e.UnitCode} {e.EmployeeNo}: {e.Problem}");
            }

            foreach (var check in detail.Checks)
            {
                await Console.Out.WriteLineAsync($"  check {check.Kind} {check.UnitCode} {check.EmployeeNo}: {check.Detail}");
            }

            foreach (var t in detail.Tables)
            {
                await Console.Out.WriteLineAsync(
                    $"  table {t.Ref} {(t.Verified ? "verified by " + t.VerifiedBy : "UNVERIFIED")}{(t.AcknowledgedBy is { } by ? " acknowledged by " + by : "")}");
            }

            return CliExit.Ok;
        });
    }

    private static Command Approve()
    {
        var id = RunOption();
        var acknowledge = new Option<string[]>("--acknowledge")
        {
            Description = "An unverified reference table the run used, by the name `run show` lists (kind#id@date); repeat for each. Only where unverified tables are allowed at all.",
        };
        var command = new Command("approve", "Approve a calculated run (separation of duties applies).") { id, acknowledge };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var summary = await services.GetRequiredService<ISender>().Send(new ApprovePayrollRun(parse.GetValue(id), actor, parse.GetValue(acknowledge) ?? []), ct);
            await PrintAsync(summary);
            return CliExit.Ok;
        });
    }

    private static Command Cancel()
    {
        var id = RunOption();
        var reason = new Option<string>("--reason") { Description = "Why the run is cancelled (recorded).", Required = true };
        var command = new Command("cancel", "Cancel a run that is not approved.") { id, reason };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            await PrintAsync(await services.GetRequiredService<ISender>().Send(new CancelPayrollRun(parse.GetValue(id), parse.GetValue(reason)!, actor), ct));
            return CliExit.Ok;
        });
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "As JSON: each run's state, period, kind and totals." };
        var command = new Command("list", "The latest runs.") { json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var runs = (await services.GetRequiredService<ISender>().Send(new ListPayrollRuns(actor, 50), ct)).Runs;
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(runs, PayrollCli.Json));
                return CliExit.Ok;
            }

            foreach (var run in runs)
            {
                await PrintAsync(run);
            }

            return CliExit.Ok;
        });
    }

    /// <summary>Prints the plan; with --wait, calculates the run's chunks in this process (sharing them with any running host) and prints the totals.</summary>
    private static async Task<int> ReportAsync(IServiceProvider services, RunPlan plan, bool wait, int? workers, CancellationToken ct, bool quiet = false)
    {
        if (!quiet)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"run {plan.RunId} version {plan.Version}: {plan.People:N0} people in {plan.Chunks.Count} chunks"));
        }

        if (!wait)
        {
            return CliExit.Ok;
        }

        var parallel = workers ?? LocalRunCalculation.DefaultWorkers(services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres);
        var summary = await LocalRunCalculation.CalculateAsync(services.GetRequiredService<IServiceScopeFactory>(), plan, parallel, ct);
        await PrintAsync(summary);
        return summary.State == RunState.Calculated ? CliExit.Ok : CliExit.Refused;
    }

    private static async Task PrintAsync(PayrollRunSummary s)
    {
        if (s.IsTrial)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"【{PayrollRunSummary.TrialMark}】 {s.UnverifiedTables} unverified table(s)"));
        }

        await Console.Out.WriteLineAsync(FormattableString.Invariant(
            $"run {s.RunId} {s.Period} {s.Kind} {s.State} v{s.Version} paid {s.PayDate:yyyy-MM-dd}{(s.PendingVersion is { } p ? $" (calculating v{p}: {s.ChunksDone}/{s.ChunksTotal} chunks)" : "")}"));
        await Console.Out.WriteLineAsync(FormattableString.Invariant(
            $"  people {s.Totals.People:N0}  gross {s.Totals.Gross:N0}  deductions {s.Totals.Deductions:N0}  net {s.Totals.Net:N0}  exceptions {s.Totals.Exceptions:N0}"));
    }

    private static Option<long> RunOption() => new("--run") { Description = "The run's id.", Required = true };

    private static Option<string?> UnitsOption() => new("--units") { Description = "Unit codes, comma-separated (default: every unit)." };

    private static (Option<bool> Wait, Option<int?> Workers) WaitOptions() => (
        new Option<bool>("--wait") { Description = "Calculate in this process too and print the totals when done." },
        new Option<int?>("--workers") { Description = "Chunks calculated at once with --wait (default: 2 on SQLite, one per core on PostgreSQL)." });

    private static List<string> Split(string? units) =>
        units is null ? [] : units.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
