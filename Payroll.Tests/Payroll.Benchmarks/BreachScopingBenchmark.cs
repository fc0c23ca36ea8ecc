using System.CommandLine;
using System.Diagnostics;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Benchmarks;

/// <summary>
/// <c>breach</c>: scoping at the size of a city's year — the demo city, a synthetic ledger (0.1% of accesses from outside),
/// and logs in both formats where one request in a thousand is to a person's page from outside.
/// </summary>
internal static class BreachScopingBenchmark
{
    public static Command Create()
    {
        var ledgerRows = new Option<long>("--ledger") { Description = "Ledger rows to scope (0 to skip).", DefaultValueFactory = _ => 10_000_000 };
        var logLines = new Option<long>("--log-lines") { Description = "Lines in each synthetic web-server log (0 to skip).", DefaultValueFactory = _ => 10_000_000 };
        return Bench.Verb("breach", "Time scoping an incident from a year of ledger and from IIS and nginx logs.",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(ledgerRows), parse.GetValue(logLines), ct), ledgerRows, logLines);
    }

    private static async Task<int> RunAsync(Bench bench, long ledgerRows, long logLines, CancellationToken ct)
    {
        var engine = bench.Engine;
        var actor = DemoCity.Actor;
        const int people = 44_520;
        await DemoCity.SeedAsync(bench, people, ct);

        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var incident = await bench.Sender.Send(new CreateIncident(new IncidentInput("bench", start.AddDays(366), 2, BreachRuleSet.Pdpa), actor), ct);
        if (ledgerRows > 0)
        {
            var seeded = await bench.Sender.Send(new GenerateSyntheticLedger(ledgerRows, Documents: 2_000, SubjectsPerDocument: 50, People: people, OutsideShare: 0.001, start, Days: 365, Seed: 2017, DemoCity.System), ct);
            var watch = Stopwatch.StartNew();
            var set = await bench.Sender.Send(new ScopeIncident(incident, ScopeInput.FromLedger(new LedgerScope(seeded.Start, seeded.End, true, [], [], [])), actor), ct);
            Bench.Print($"breach.scope.ledger.{ledgerRows}.{engine}", watch.Elapsed.TotalSeconds, "s");
            Bench.Print($"breach.scope.ledger.people.{engine}", set.People, "people");
        }

        if (logLines > 0 && !bench.Postgres)
        {
            var directory = Directory.CreateTempSubdirectory("payroll-breach-bench");
            try
            {
                foreach (var format in new[] { LogFormat.Iis, LogFormat.Nginx })
                {
                    var name = format.ToString().ToLowerInvariant();
                    var path = Path.Combine(directory.FullName, format == LogFormat.Iis ? "u_ex2025.log" : "access.log");
                    SyntheticLog.Write(path, format, logLines, start);
                    Bench.Print($"breach.log.size.{name}.{logLines}", new FileInfo(path).Length / 1024d / 1024d, "MiB");
                    var watch = Stopwatch.StartNew();
                    var set = await bench.Sender.Send(new ScopeIncident(incident, ScopeInput.FromLogs([new LogFile(format, path)]), actor), ct);
                    Bench.Print($"breach.scope.{name}.{logLines}", watch.Elapsed.TotalSeconds, "s");
                    Bench.Print($"breach.scope.{name}.people", set.People, "people");
                    File.Delete(path);
                }
            }
            finally
            {
                directory.Delete(true);
            }
        }

        return 0;
    }
}
