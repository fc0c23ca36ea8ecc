using System.CommandLine;
using System.Diagnostics;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Benchmarks;

/// <summary><c>vault</c>: recording an access, the exposure query and the chain verification over a synthetic year.</summary>
internal static class VaultBenchmark
{
    public static Command Create()
    {
        var accesses = new Option<long>("--accesses") { Description = "Ledger rows to generate (a city's year: 10,000,000).", DefaultValueFactory = _ => 10_000_000 };
        var samples = new Option<int>("--latency-samples") { Description = "Accesses recorded one by one to time a single write.", DefaultValueFactory = _ => 2_000 };
        return Bench.Verb("vault", "Time recording an access, the exposure query and the chain verification over a synthetic year.",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(accesses), parse.GetValue(samples), ct), accesses, samples);
    }

    private static async Task<int> RunAsync(Bench bench, long accesses, int samples, CancellationToken ct)
    {
        var engine = bench.Engine;
        var actor = DemoCity.Actor;
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

        var watch = Stopwatch.StartNew();
        var seeded = await bench.Sender.Send(new GenerateSyntheticLedger(accesses, Documents: 2_000, SubjectsPerDocument: 50, People: 44_520, OutsideShare: 0.001, start, Days: 365, Seed: 2017, DemoCity.System), ct);
        Bench.Print($"vault.seed.{accesses}.{engine}", watch.Elapsed.TotalSeconds, "s");

        var year = new AccessFilter(seeded.Start, seeded.End, [], true, [], [], null, null, null);
        watch.Restart();
        var exposed = await bench.Sender.Send(new GetSubjectsExposed(year, actor), ct);
        Bench.Print($"vault.exposure.year.{accesses}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Bench.Print($"vault.exposure.year.people.{engine}", exposed.Count, "people");

        var week = year with { From = seeded.Start.AddDays(100), To = seeded.Start.AddDays(107) };
        watch.Restart();
        await bench.Sender.Send(new GetSubjectsExposed(week, actor), ct);
        Bench.Print($"vault.exposure.week.{engine}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var statuses = await bench.Sender.Send(new VerifyAuditChain(DemoCity.Actor), ct);
        Bench.Print($"vault.verify.{accesses}.{engine}", watch.Elapsed.TotalSeconds, "s");
        if (!statuses.All(s => s.Intact))
        {
            await Console.Error.WriteLineAsync("the synthetic chain did not verify: " + string.Join("; ", statuses.Select(s => s.Problem)));
            return 1;
        }

        var reader = DemoCity.System;
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var one = Stopwatch.GetTimestamp();
            await bench.Sender.Send(new RecordAccess(reader, AccessAction.View, null, "/personnel/1", [1 + (i % 44_520)], ["name"], AccessOutcome.Allowed), ct);
            times[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
        }

        Array.Sort(times);
        Bench.Print($"vault.record_access.median.{engine}", times[samples / 2], "ms");
        Bench.Print($"vault.record_access.p95.{engine}", times[(int)(samples * 0.95)], "ms");
        return 0;
    }
}
