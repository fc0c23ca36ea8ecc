using System.CommandLine;
using System.Diagnostics;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Benchmarks;

/// <summary><c>personnel</c>: the demo city, and an Excel import of a whole city (new, then unchanged).</summary>
internal static class PersonnelBenchmark
{
    public static Command Create()
    {
        var people = new Option<int>("--employees") { Description = "People in the city.", DefaultValueFactory = _ => 44_520 };
        return Bench.Verb("personnel", "Time the demo city, and an Excel import of the whole city (new, then unchanged).",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(people), ct), people);
    }

    private static async Task<int> RunAsync(Bench bench, int employees, CancellationToken ct)
    {
        var engine = bench.Engine;
        var watch = Stopwatch.StartNew();
        await DemoCity.SeedAsync(bench, employees, ct, batch: 2_000);
        Bench.Print($"personnel.demo_seed.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var workbook = SyntheticCity.ImportWorkbook(await bench.Sender.Send(new GetEmployeeImportTemplate(DemoCity.Actor), ct), employees);
        Bench.Print($"personnel.import_workbook_write.{employees}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var first = await bench.Sender.Send(new ImportEmployees(workbook, "bench.xlsx", new DateOnly(2026, 12, 1), DemoCity.Actor), ct);
        Bench.Print($"personnel.import.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        watch.Restart();
        var again = await bench.Sender.Send(new ImportEmployees(workbook, "bench.xlsx", new DateOnly(2026, 12, 1), DemoCity.Actor), ct);
        Bench.Print($"personnel.reimport_unchanged.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        if (!first.Applied || first.Created != employees || again.Unchanged != employees)
        {
            await Console.Error.WriteLineAsync($"unexpected import result: {first.Created} created, {again.Unchanged} unchanged, {first.Problems.Count + again.Problems.Count} problems");
            return 1;
        }

        watch.Restart();
        var paid = await bench.Sender.Send(new GetEmployeesForPayroll(2026, 12, [], DemoCity.Actor), ct);
        Bench.Print($"personnel.employees_for_payroll.{paid.Count}.{engine}", watch.Elapsed.TotalSeconds, "s");

        // A search by part of a name reads every row's salted terms (a copy of the database cannot count them), so it
        // costs a pass over the city: the first page for a given-name pair, and for a surname, five times each.
        foreach (var (label, query) in new[] { ("pair", "怡君"), ("surname", "陳") })
        {
            watch.Restart();
            var hits = 0;
            for (var i = 0; i < 5; i++)
            {
                hits = (await bench.Sender.Send(new SearchEmployees(query, null, 1, 50, DemoCity.Actor), ct)).Items.Count;
            }

            Bench.Print($"personnel.search_name_{label}.{employees}.{engine}", watch.Elapsed.TotalMilliseconds / 5, "ms");
            if (hits == 0)
            {
                await Console.Error.WriteLineAsync($"the search for {label} found nobody");
                return 1;
            }
        }

        return 0;
    }
}
