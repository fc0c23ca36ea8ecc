using System.CommandLine;
using System.Diagnostics;
using Payroll.Jobs.Payroll;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Benchmarks;

/// <summary><c>payroll</c>: a regular run of the demo city from start to Calculated, its registers, and an unchanged rerun.</summary>
internal static class PayrollBenchmark
{
    public static Command Create()
    {
        var people = new Option<int>("--employees") { Description = "People in the city.", DefaultValueFactory = _ => 44_520 };
        return Bench.Verb("payroll", "Time a regular run of the demo city from start to Calculated, and an unchanged rerun.",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(people), ct), people);
    }

    private static async Task<int> RunAsync(Bench bench, int employees, CancellationToken ct)
    {
        var engine = bench.Engine;
        var actor = DemoCity.Actor;
        var watch = Stopwatch.StartNew();
        await DemoCity.SeedAsync(bench, employees, ct);
        Bench.Print($"payroll.demo_seed.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var plan = await bench.Sender.Send(new StartPayrollRun("2026-12", RunKind.Regular, [], actor), ct);
        Bench.Print($"payroll.run.plan.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        var run = await LocalRunCalculation.CalculateAsync(bench.Scopes, plan, bench.Workers, ct);
        Bench.Print($"payroll.run.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Bench.Print($"payroll.run.people_paid.{engine}", run.Totals.People, "people");
        Bench.Print($"payroll.run.exceptions.{engine}", run.Totals.Exceptions, "people");

        // Registers: units adding up to about 8,000 people, then the whole city, each with its read and write phases.
        var detail = (await bench.Sender.Send(new GetPayrollRun(plan.RunId, actor), ct))!;
        var some = detail.Units.Aggregate(new List<UnitTotals>(), (taken, u) =>
        {
            if (taken.Sum(t => t.Totals.People) < 8_000)
            {
                taken.Add(u);
            }

            return taken;
        });
        // One small register first: the timings below are of a running host, not of loading the workbook code.
        await bench.Sender.Send(new ExportPayrollRegister(plan.RunId, [detail.Units[0].UnitCode], actor), ct);
        foreach (var units in new[] { some.Select(u => u.UnitCode).ToList(), [] })
        {
            watch.Restart();
            var register = await bench.Sender.Send(new ExportPayrollRegister(plan.RunId, units, actor), ct);
            var rows = register.Totals.People + register.Totals.Exceptions;
            Bench.Print($"payroll.register.{rows}.{engine}", watch.Elapsed.TotalSeconds, "s");
            Bench.Print($"payroll.register.read_only.{rows}.{engine}", register.Phases.Read.TotalSeconds, "s");
            Bench.Print($"payroll.register.write_streaming.{rows}", register.Phases.Write.TotalSeconds, "s");
        }

        Bench.Print($"payroll.peak_working_set_after_registers.{engine}", Process.GetCurrentProcess().PeakWorkingSet64 / 1024d / 1024d, "MiB");

        watch.Restart();
        var rerun = await LocalRunCalculation.CalculateAsync(bench.Scopes, await bench.Sender.Send(new RerunPayroll(plan.RunId, [], null, actor), ct), bench.Workers, ct);
        Bench.Print($"payroll.rerun_unchanged.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Bench.Print($"payroll.peak_working_set.{engine}", Environment.WorkingSet / 1024d / 1024d, "MiB");
        Bench.Print($"payroll.peak_working_set_process.{engine}", Process.GetCurrentProcess().PeakWorkingSet64 / 1024d / 1024d, "MiB");
        if (run.State != RunState.Calculated || rerun.Totals != run.Totals)
        {
            await Console.Error.WriteLineAsync($"unexpected: run {run.State}, rerun totals {rerun.Totals} vs {run.Totals}");
            return 1;
        }

        return 0;
    }
}
