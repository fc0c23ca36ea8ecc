using System.CommandLine;
using System.Diagnostics;
using Payroll.Jobs.Payroll;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Benchmarks;

/// <summary><c>bank-run</c>: the demo city paid — its run approved, every payer account's file generated, released, and one result file read.</summary>
internal static class BankRunBenchmark
{
    public static Command Create()
    {
        var people = new Option<int>("--employees") { Description = "People in the city.", DefaultValueFactory = _ => 44_520 };
        return Bench.Verb("bank-run", "Time the bank files of the demo city's approved run: generation (checks, files, Vault), release, a result file.",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(people), ct), people);
    }

    private static async Task<int> RunAsync(Bench bench, int employees, CancellationToken ct)
    {
        var engine = bench.Engine;
        var maker = DemoCity.Actor;
        var checker = Actor.User(2, "bench-approver", ["PayrollApprover"]);
        await DemoCity.SeedAsync(bench, employees, ct);
        var plan = await bench.Sender.Send(new StartPayrollRun("2026-12", RunKind.Regular, [], maker), ct);
        await LocalRunCalculation.CalculateAsync(bench.Scopes, plan, bench.Workers, ct);
        var unverified = (await bench.Sender.Send(new GetRunTables(plan.RunId, DemoCity.Actor), ct)).Where(t => !t.Verified).Select(t => t.Ref).ToList();
        var run = await bench.Sender.Send(new ApprovePayrollRun(plan.RunId, checker, unverified), ct);

        var watch = Stopwatch.StartNew();
        var problems = await bench.Sender.Send(new CheckBankPayees(plan.RunId, DemoCity.Actor), ct);
        Bench.Print($"bank.check.{run.Totals.People}.{engine}", watch.Elapsed.TotalSeconds, "s");
        watch.Restart();
        var export = await bench.Sender.Send(new ExportBankFiles(plan.RunId, null, problems.Select(p => p.EmployeeNo).ToList(), maker), ct);
        Bench.Print($"bank.generate.{run.Totals.People}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Bench.Print($"bank.generate.files.{engine}", export.Generation.Files.Count, "files");
        watch.Restart();
        var again = await bench.Sender.Send(new ExportBankFiles(plan.RunId, null, problems.Select(p => p.EmployeeNo).ToList(), maker), ct);
        Bench.Print($"bank.regenerate_identical.{run.Totals.People}.{engine}", watch.Elapsed.TotalSeconds, "s");
        watch.Restart();
        await bench.Sender.Send(new ReleaseBankFiles(plan.RunId, checker), ct);
        Bench.Print($"bank.release.{engine}", watch.Elapsed.TotalSeconds, "s");

        // The bank answers the largest file: every credit paid but one in a hundred, rejected as 04 無此帳號.
        var largest = export.Generation.Files.Select((f, i) => (File: f, Content: export.Contents[i])).MaxBy(x => x.File.Count);
        var answer = Achp01Answer.Of(largest.Content, largest.File.Count, n => n % 100 == 0);
        watch.Restart();
        var result = await bench.Sender.Send(new ImportBankReturn(plan.RunId, answer, "answer.txt", maker), ct);
        Bench.Print($"bank.return.{largest.File.Count}.{engine}", watch.Elapsed.TotalSeconds, "s");
        var total = export.Generation.Files.Sum(f => f.Total) + export.Generation.Held.Sum(h => h.Amount);
        if (total != run.Totals.Net || again.Generation.GenerationId != export.Generation.GenerationId || result.Rejected != largest.File.Count / 100)
        {
            await Console.Error.WriteLineAsync($"unexpected: files {total} vs run {run.Totals.Net}, generation {again.Generation.GenerationId} vs {export.Generation.GenerationId}, rejected {result.Rejected}");
            return 1;
        }

        return 0;
    }
}
