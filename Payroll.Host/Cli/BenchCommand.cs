using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Host.Cli;

/// <summary>
/// <c>payroll bench vault</c>: sizing figures for this machine and database, printed as <c>BENCH name value unit</c>.
/// Only into an empty ledger (scripts/bench.sh gives it a fresh database).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var accesses = new Option<long>("--accesses") { Description = "Ledger rows to generate (a city's year: 10,000,000).", DefaultValueFactory = _ => 10_000_000 };
        var samples = new Option<int>("--latency-samples") { Description = "Accesses recorded one by one to time a single write.", DefaultValueFactory = _ => 2_000 };
        var vault = new Command("vault", "Time recording an access, the exposure query and the chain verification over a synthetic year.") { accesses, samples };
        vault.TreatUnmatchedTokensAsErrors = false;
        vault.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) =>
            RunVaultAsync(services, parse.GetValue(accesses), parse.GetValue(samples), token), ct));
        var bench = new Command("bench", "Sizing benchmarks (into a new, empty database only).");
        bench.Subcommands.Add(vault);
        return bench;
    }

    private static async Task<int> RunVaultAsync(IServiceProvider services, long accesses, int samples, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var engine = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var actor = new Actor(null, "bench", [], null, null, null, null);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

        var watch = Stopwatch.StartNew();
        var seeded = await sender.Send(new GenerateSyntheticLedger(accesses, Documents: 2_000, SubjectsPerDocument: 50, People: 44_520, OutsideShare: 0.001, start, Days: 365, Seed: 2017), ct);
        Print($"vault.seed.{accesses}.{engine}", watch.Elapsed.TotalSeconds, "s");

        var year = new AccessFilter(seeded.Start, seeded.End, [], true, [], [], null, null, null);
        watch.Restart();
        var exposed = await sender.Send(new GetSubjectsExposed(year, actor), ct);
        Print($"vault.exposure.year.{accesses}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Print($"vault.exposure.year.people.{engine}", exposed.Count, "people");

        var week = year with { From = seeded.Start.AddDays(100), To = seeded.Start.AddDays(107) };
        watch.Restart();
        await sender.Send(new GetSubjectsExposed(week, actor), ct);
        Print($"vault.exposure.week.{engine}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var statuses = await sender.Send(new VerifyAuditChain(), ct);
        Print($"vault.verify.{accesses}.{engine}", watch.Elapsed.TotalSeconds, "s");
        if (!statuses.All(s => s.Intact))
        {
            await Console.Error.WriteLineAsync("the synthetic chain did not verify: " + string.Join("; ", statuses.Select(s => s.Problem)));
            return 1;
        }

        var reader = new Actor(1, "bench-reader", ["HrClerk"], "bench-session", "10.0.0.1", "bench", null);
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var one = Stopwatch.GetTimestamp();
            await sender.Send(new RecordAccess(reader, AccessAction.View, null, "/personnel/1", [1 + (i % 44_520)], ["name"], AccessOutcome.Allowed), ct);
            times[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
        }

        Array.Sort(times);
        Print($"vault.record_access.median.{engine}", times[samples / 2], "ms");
        Print($"vault.record_access.p95.{engine}", times[(int)(samples * 0.95)], "ms");
        return 0;
    }

    private static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH {name} {value:0.###} {unit}"));
}
