using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;

using Payroll.Host.Cli;
using Payroll.Modules.Kernel.Storage;

namespace Payroll.Host.Personnel;

/// <summary><c>payroll demo seed --employees 44520 --units 390 --seed 42</c>: a deterministic demo city, with progress.</summary>
internal static class DemoCommand
{
    private const int Batch = 2_000;

    public static Command Create()
    {
        var employees = new Option<int>("--employees") { Description = "People to create.", DefaultValueFactory = _ => 44_520 };
        var units = new Option<int>("--units") { Description = "Paying units to create.", DefaultValueFactory = _ => 390 };
        var seed = new Option<int>("--seed") { Description = "Same seed, same city.", DefaultValueFactory = _ => 42 };
        foreach (var count in new[] { employees, units })
        {
            count.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1)
                {
                    r.AddError($"{count.Name} must be at least 1.");
                }
            });
        }

        var seedCommand = PayrollCli.Verb(new Command("seed", "Create a demo city (marked as demo) in a database without real people.") { employees, units, seed }, (parse, services, token) =>
            SeedAsync(services, parse.GetValue(employees), parse.GetValue(units), parse.GetValue(seed), token));
        var demo = new Command("demo", "Demo data.");
        demo.Subcommands.Add(seedCommand);
        return demo;
    }

    private static async Task<int> SeedAsync(IServiceProvider services, int employees, int units, int seed, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var actor = Actor.System("demo-seed");
        var watch = Stopwatch.StartNew();
        var createdUnits = await sender.Send(new SeedDemoUnits(units, seed, actor), ct);
        var canaries = new List<string>();
        string? payCanary = null;
        var created = 0;
        for (var first = 1; first <= employees; first += Batch)
        {
            var result = await sender.Send(new SeedDemoEmployees(first, Math.Min(Batch, employees - first + 1), seed, actor), ct);
            created += result.Created;
            canaries.AddRange(result.Canaries);
            payCanary ??= result.PayCanary;
            Progress(Math.Min(employees, first + Batch - 1), employees);
        }

        await Console.Error.WriteLineAsync();
        if (canaries.Count > 0)
        {
            var path = Path.Combine(DataDirectory.Of(services.GetRequiredService<IConfiguration>()), "demo-canaries.json");
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(
                new
                {
                    note = "Demo canary values: they must never appear in any output reachable without a recorded reason.", values = canaries,
                    pay = payCanary is null ? null : new
                    {
                        employeeNo = payCanary,
                        note = "Paid an amount no one else is (a point count no one else has): the gross and net of their payslip must appear in no copy of the data.",
                    },
                },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }), ct);
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Demo city: {createdUnits} units and {created} people created in {watch.Elapsed.TotalSeconds:0.0} s (seed {seed}); all marked as demo."));
        return CliExit.Ok;
    }

    private static void Progress(int done, int total)
    {
        const int width = 40;
        var filled = (int)((long)done * width / total);
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}"));
    }
}
