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
        var people = new Option<int>("--employees") { Description = "People in the city.", DefaultValueFactory = _ => 44_520 };
        var personnel = new Command("personnel", "Time the demo city, and an Excel import of the whole city (new, then unchanged).") { people };
        personnel.TreatUnmatchedTokensAsErrors = false;
        personnel.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) =>
            RunPersonnelAsync(services, parse.GetValue(people), token), ct));
        var payrollPeople = new Option<int>("--employees") { Description = "People in the city.", DefaultValueFactory = _ => 44_520 };
        var payroll = new Command("payroll", "Time a regular run of the demo city from start to Calculated, and an unchanged rerun.") { payrollPeople };
        payroll.TreatUnmatchedTokensAsErrors = false;
        payroll.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) =>
            RunPayrollAsync(services, parse.GetValue(payrollPeople), token), ct));
        var payments = new Option<int>("--payments") { Description = "Payments in the file.", DefaultValueFactory = _ => 44_520 };
        var bank = new Command("bank", "Time writing a bank file of the city's payments in each built-in format (no database).") { payments };
        bank.SetAction(parse => RunBank(parse.GetValue(payments)));
        var cityPeople = new Option<int>("--employees") { Description = "People in the city.", DefaultValueFactory = _ => 44_520 };
        var bankRun = new Command("bank-run", "Time the bank files of the demo city's approved run: generation (checks, files, Vault), release, a result file.") { cityPeople };
        bankRun.TreatUnmatchedTokensAsErrors = false;
        bankRun.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) =>
            RunBankRunAsync(services, parse.GetValue(cityPeople), token), ct));
        var ledgerRows = new Option<long>("--ledger") { Description = "Ledger rows to scope (0 to skip).", DefaultValueFactory = _ => 10_000_000 };
        var logLines = new Option<long>("--log-lines") { Description = "Lines in each synthetic web-server log (0 to skip).", DefaultValueFactory = _ => 10_000_000 };
        var breach = new Command("breach", "Time scoping an incident from a year of ledger and from IIS and nginx logs.") { ledgerRows, logLines };
        breach.TreatUnmatchedTokensAsErrors = false;
        breach.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) =>
            RunBreachAsync(services, parse.GetValue(ledgerRows), parse.GetValue(logLines), token), ct));
        var noticePeople = new Option<int[]>("--people") { Description = "Affected people per round (each a new incident).", DefaultValueFactory = _ => [2_313, 44_520] };
        var notices = new Command("breach-notices", "Time e-mail notices to a local SMTP server (Payroll:Breach:Smtp) and rendering letters.") { noticePeople };
        notices.TreatUnmatchedTokensAsErrors = false;
        notices.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) =>
            RunNoticesAsync(services, parse.GetValue(noticePeople)!, token), ct));
        var bench = new Command("bench", "Sizing benchmarks (into a new, empty database only).");
        bench.Subcommands.Add(vault);
        bench.Subcommands.Add(personnel);
        bench.Subcommands.Add(payroll);
        bench.Subcommands.Add(bank);
        bench.Subcommands.Add(bankRun);
        bench.Subcommands.Add(breach);
        bench.Subcommands.Add(notices);
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

    private static async Task<int> RunPersonnelAsync(IServiceProvider services, int employees, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var engine = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var actor = new Actor(null, "bench", [], null, null, null, null);

        var watch = Stopwatch.StartNew();
        await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(390, 42, actor), ct);
        for (var batch = 1; batch <= employees; batch += 2_000)
        {
            await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoEmployees(batch, Math.Min(2_000, employees - batch + 1), 42, actor), ct);
        }

        Print($"personnel.demo_seed.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var workbook = SyntheticImport(employees);
        Print($"personnel.import_workbook_write.{employees}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var first = await sender.Send(new Payroll.Modules.Contracts.Personnel.ImportEmployees(workbook, "bench.xlsx", new DateOnly(2026, 12, 1), actor), ct);
        Print($"personnel.import.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        watch.Restart();
        var again = await sender.Send(new Payroll.Modules.Contracts.Personnel.ImportEmployees(workbook, "bench.xlsx", new DateOnly(2026, 12, 1), actor), ct);
        Print($"personnel.reimport_unchanged.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        if (!first.Applied || first.Created != employees || again.Unchanged != employees)
        {
            await Console.Error.WriteLineAsync($"unexpected import result: {first.Created} created, {again.Unchanged} unchanged, {first.Problems.Count + again.Problems.Count} problems");
            return 1;
        }

        watch.Restart();
        var paid = await sender.Send(new Payroll.Modules.Contracts.Personnel.GetEmployeesForPayroll(2026, 12, []), ct);
        Print($"personnel.employees_for_payroll.{paid.Count}.{engine}", watch.Elapsed.TotalSeconds, "s");
        return 0;
    }

    private static async Task<int> RunPayrollAsync(IServiceProvider services, int employees, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var engine = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var actor = new Actor(null, "bench", [], null, null, null, null);
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var workers = engine == "postgres" ? Environment.ProcessorCount : Math.Min(2, Environment.ProcessorCount);

        var watch = Stopwatch.StartNew();
        await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(390, 42, actor), ct);
        for (var batch = 1; batch <= employees; batch += 5_000)
        {
            await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoEmployees(batch, Math.Min(5_000, employees - batch + 1), 42, actor), ct);
        }

        Print($"payroll.demo_seed.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");

        watch.Restart();
        var plan = await sender.Send(new Payroll.Modules.Contracts.Salary.StartPayrollRun("2026-12", Payroll.Modules.Contracts.Salary.RunKind.Regular, [], actor), ct);
        Print($"payroll.run.plan.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        var run = await RunProcessor.CalculateAsync(scopes, plan, workers, ct);
        Print($"payroll.run.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Print($"payroll.run.people_paid.{engine}", run.Totals.People, "people");
        Print($"payroll.run.exceptions.{engine}", run.Totals.Exceptions, "people");

        // Registers: units adding up to about 8,000 people, then the whole city; and ClosedXML cell by cell on the same data.
        var detail = (await sender.Send(new Payroll.Modules.Contracts.Salary.GetPayrollRun(plan.RunId, actor), ct))!;
        var some = detail.Units.Aggregate(new List<Payroll.Modules.Contracts.Salary.UnitTotals>(), (taken, u) =>
        {
            if (taken.Sum(t => t.Totals.People) < 8_000)
            {
                taken.Add(u);
            }

            return taken;
        });
        // One small register first: the timings below are of a running host, not of loading the workbook code.
        await sender.Send(new Payroll.Modules.Contracts.Salary.ExportPayrollRegister(plan.RunId, [detail.Units[0].UnitCode], actor), ct);
        foreach (var units in new[] { some.Select(u => u.UnitCode).ToList(), [] })
        {
            watch.Restart();
            var register = await sender.Send(new Payroll.Modules.Contracts.Salary.ExportPayrollRegister(plan.RunId, units, actor), ct);
            Print($"payroll.register.{register.Totals.People + register.Totals.Exceptions}.{engine}", watch.Elapsed.TotalSeconds, "s");
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            watch.Restart();
            var part = await scope.ServiceProvider.GetRequiredService<Payroll.Modules.Salary.Registers.RegisterReader>()
                .ReadAsync(new Payroll.Modules.Contracts.Salary.ExportPayrollRegister(plan.RunId, some.Select(u => u.UnitCode).ToList(), actor), ct);
            Print($"payroll.register.read_only.{part.SubjectIds.Count}.{engine}", watch.Elapsed.TotalSeconds, "s");
            watch.Restart();
            Payroll.Modules.Salary.Registers.RegisterWorkbook.Write(part.Data);
            Print($"payroll.register.write_streaming.{part.SubjectIds.Count}", watch.Elapsed.TotalSeconds, "s");
            watch.Restart();
            var content = await scope.ServiceProvider.GetRequiredService<Payroll.Modules.Salary.Registers.RegisterReader>()
                .ReadAsync(new Payroll.Modules.Contracts.Salary.ExportPayrollRegister(plan.RunId, [], actor), ct);
            Print($"payroll.register.read_only.{content.SubjectIds.Count}.{engine}", watch.Elapsed.TotalSeconds, "s");
            watch.Restart();
            Payroll.Modules.Salary.Registers.RegisterWorkbook.Write(content.Data);
            Print($"payroll.register.write_streaming.{content.SubjectIds.Count}", watch.Elapsed.TotalSeconds, "s");
            Print($"payroll.peak_working_set_before_closedxml.{engine}", System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024d / 1024d, "MiB");
            if (employees <= 100_000)
            {
                watch.Restart();
                Payroll.Modules.Salary.Registers.RegisterWorkbook.WriteCellByCell(content.Data);
                Print($"payroll.register.write_closedxml_cell_by_cell.{content.SubjectIds.Count}", watch.Elapsed.TotalSeconds, "s");
            }
        }

        watch.Restart();
        var rerun = await RunProcessor.CalculateAsync(scopes, await sender.Send(new Payroll.Modules.Contracts.Salary.RerunPayroll(plan.RunId, [], null, actor), ct), workers, ct);
        Print($"payroll.rerun_unchanged.{employees}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Print($"payroll.peak_working_set.{engine}", Environment.WorkingSet / 1024d / 1024d, "MiB");
        Print($"payroll.peak_working_set_process.{engine}", System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024d / 1024d, "MiB");
        if (run.State != Payroll.Modules.Contracts.Salary.RunState.Calculated || rerun.Totals != run.Totals)
        {
            await Console.Error.WriteLineAsync($"unexpected: run {run.State}, rerun totals {rerun.Totals} vs {run.Totals}");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Scoping at the size of a city's year: the demo city, a synthetic ledger (0.1% of accesses from outside), and logs in
    /// both formats where one request in a thousand is to a person's page from outside.
    /// </summary>
    private static async Task<int> RunBreachAsync(IServiceProvider services, long ledgerRows, long logLines, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var engine = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var actor = new Actor(null, "bench", [], null, null, null, null);
        const int people = 44_520;
        await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(390, 42, actor), ct);
        for (var batch = 1; batch <= people; batch += 5_000)
        {
            await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoEmployees(batch, Math.Min(5_000, people - batch + 1), 42, actor), ct);
        }

        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var incident = await sender.Send(new Payroll.Modules.Contracts.Breach.CreateIncident(
            new Payroll.Modules.Contracts.Breach.IncidentInput("bench", start.AddDays(366), 2, Payroll.Modules.Contracts.Breach.BreachRuleSet.Pdpa), actor), ct);
        if (ledgerRows > 0)
        {
            var seeded = await sender.Send(new GenerateSyntheticLedger(ledgerRows, Documents: 2_000, SubjectsPerDocument: 50, People: people, OutsideShare: 0.001, start, Days: 365, Seed: 2017), ct);
            var watch = Stopwatch.StartNew();
            var set = await sender.Send(new Payroll.Modules.Contracts.Breach.ScopeIncident(incident, new Payroll.Modules.Contracts.Breach.ScopeInput(
                new Payroll.Modules.Contracts.Breach.LedgerScope(seeded.Start, seeded.End, true, [], [], []), [], null, null, true, [], null, [], null), actor), ct);
            Print($"breach.scope.ledger.{ledgerRows}.{engine}", watch.Elapsed.TotalSeconds, "s");
            Print($"breach.scope.ledger.people.{engine}", set.People, "people");
        }

        if (logLines > 0 && engine == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("payroll-breach-bench");
            try
            {
                foreach (var format in new[] { Payroll.Modules.Contracts.Breach.LogFormat.Iis, Payroll.Modules.Contracts.Breach.LogFormat.Nginx })
                {
                    var path = Path.Combine(directory.FullName, format == Payroll.Modules.Contracts.Breach.LogFormat.Iis ? "u_ex2025.log" : "access.log");
                    WriteSyntheticLog(path, format, logLines, start);
                    Print($"breach.log.size.{format.ToString().ToLowerInvariant()}.{logLines}", new FileInfo(path).Length / 1024d / 1024d, "MiB");
                    var watch = Stopwatch.StartNew();
                    var set = await sender.Send(new Payroll.Modules.Contracts.Breach.ScopeIncident(incident, new Payroll.Modules.Contracts.Breach.ScopeInput(
                        null, [new Payroll.Modules.Contracts.Breach.LogFile(format, path)], null, null, true, [], null, [], null), actor), ct);
                    Print($"breach.scope.{format.ToString().ToLowerInvariant()}.{logLines}", watch.Elapsed.TotalSeconds, "s");
                    Print($"breach.scope.{format.ToString().ToLowerInvariant()}.people", set.People, "people");
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

    /// <summary>
    /// For each size: an incident whose affected set is that many people of the demo city, launched by one officer and
    /// approved by another, every e-mail dispatched by parallel workers (one per core, as a worker host would) to the
    /// configured SMTP server; then that many letters rendered, batched per paying unit.
    /// </summary>
    private static async Task<int> RunNoticesAsync(IServiceProvider services, int[] sizes, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var engine = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var system = new Actor(null, "bench", [], null, null, null, null);
        var officer = new Actor(1, "bench-officer-a", ["ComplianceOfficer"], "s1", "10.0.0.1", "bench", null);
        var second = new Actor(2, "bench-officer-b", ["ComplianceOfficer"], "s2", "10.0.0.2", "bench", null);
        var people = sizes.Max();
        await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(390, 42, system), ct);
        for (var batch = 1; batch <= people; batch += 5_000)
        {
            await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoEmployees(batch, Math.Min(5_000, people - batch + 1), 42, system), ct);
        }

        foreach (var size in sizes)
        {
            using var book = new ClosedXML.Excel.XLWorkbook();
            var sheet = book.AddWorksheet("名單");
            for (var i = 1; i <= size; i++)
            {
                sheet.Cell(i, 1).Value = string.Create(CultureInfo.InvariantCulture, $"D{i:000000}");
            }

            using var list = new MemoryStream();
            book.SaveAs(list);
            var now = DateTimeOffset.UtcNow;
            var incident = await sender.Send(new Payroll.Modules.Contracts.Breach.CreateIncident(new Payroll.Modules.Contracts.Breach.IncidentInput(
                $"bench {size}", now, 2, Payroll.Modules.Contracts.Breach.BreachRuleSet.Pdpa, now.AddDays(-2), now.AddDays(-1), Facts: "薪資清冊可不經登入下載。",
                DataCategories: ["name", "salary"], ContactOffice: "人事處", ContactPhone: "02-2720-8889"), officer), ct);
            await sender.Send(new Payroll.Modules.Contracts.Breach.AddIncidentMeasure(incident, now, "已關閉下載路徑。", officer), ct);
            await sender.Send(new Payroll.Modules.Contracts.Breach.ScopeIncident(incident, new Payroll.Modules.Contracts.Breach.ScopeInput(null, [], null, null, false, [], null, [], list.ToArray()), officer), ct);
            var watch = Stopwatch.StartNew();
            await sender.Send(new Payroll.Modules.Contracts.Breach.RequestNoticeLaunch(incident, false, officer), ct);
            var launch = await sender.Send(new Payroll.Modules.Contracts.Breach.ApproveNoticeLaunch(incident, second), ct);
            Print($"breach.launch.{size}.{engine}", watch.Elapsed.TotalSeconds, "s");

            var queue = new System.Collections.Concurrent.ConcurrentQueue<long>(await NoticeIdsAsync(services, incident, ct));
            var sent = 0;
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(async _ =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var worker = scope.ServiceProvider.GetRequiredService<ISender>();
                while (queue.TryDequeue(out var id))
                {
                    if ((await worker.Send(new Payroll.Modules.Contracts.Breach.DispatchNotice(id), ct)).State == Payroll.Modules.Contracts.Breach.NoticeState.Sent)
                    {
                        Interlocked.Increment(ref sent);
                    }
                }
            }));
            Print($"breach.email.{sent}.{engine}", watch.Elapsed.TotalSeconds, "s");
            Print($"breach.email.letters_instead.{size}.{engine}", launch.Notices - sent, "people");
            if (sent == 0)
            {
                await Console.Error.WriteLineAsync("no e-mail was sent: is the SMTP server (Payroll:Breach:Smtp) running?");
                return 1;
            }

            // The same again through Hangfire, as a worker host does it: the fan-out job, then one job per notice.
            var again = await sender.Send(new Payroll.Modules.Contracts.Breach.CreateIncident(new Payroll.Modules.Contracts.Breach.IncidentInput(
                $"bench {size} via jobs", now, 2, Payroll.Modules.Contracts.Breach.BreachRuleSet.Pdpa, now.AddDays(-2), now.AddDays(-1), Facts: "薪資清冊可不經登入下載。",
                DataCategories: ["name", "salary"], ContactOffice: "人事處", ContactPhone: "02-2720-8889"), officer), ct);
            await sender.Send(new Payroll.Modules.Contracts.Breach.AddIncidentMeasure(again, now, "已關閉下載路徑。", officer), ct);
            await sender.Send(new Payroll.Modules.Contracts.Breach.ScopeIncident(again, new Payroll.Modules.Contracts.Breach.ScopeInput(null, [], null, null, false, [], null, [], list.ToArray()), officer), ct);
            var options = Payroll.Jobs.JobStorageSetup.ServerOptions(Math.Max(2, Environment.ProcessorCount), "bench");
            Hangfire.GlobalConfigurationExtensions.UseActivator(Hangfire.GlobalConfiguration.Configuration, new Hangfire.AspNetCore.AspNetCoreJobActivator(scopes));
            using var server = new Hangfire.BackgroundJobServer(options, services.GetRequiredService<Hangfire.JobStorage>());
            watch.Restart();
            await sender.Send(new Payroll.Modules.Contracts.Breach.RequestNoticeLaunch(again, false, officer), ct);
            await sender.Send(new Payroll.Modules.Contracts.Breach.ApproveNoticeLaunch(again, second), ct);
            var left = long.MaxValue;
            while (left > 0 && watch.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(250, ct);
                await using var c = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync(ct);
                left = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM breach_notice WHERE incident_id = @again AND channel = 'Email' AND state IN ('Queued', 'Sending')", new { again });
            }

            Print($"breach.email_via_jobs.{sent}.{engine}", watch.Elapsed.TotalSeconds, "s");
        }

        // Letters: the rendering of as many letters as the first size, a PDF per paying unit.
        var letters = sizes.Min();
        var recipients = await sender.Send(new Payroll.Modules.Contracts.Personnel.GetNoticeRecipients(Enumerable.Range(1, letters).Select(i => (long)i).ToList()), ct);
        services.GetRequiredService<Payroll.Modules.Kernel.Documents.PdfFonts>().EnsureInstalled();
        var text = string.Join("\n", Enumerable.Repeat("本機關發生個人資料外洩事故，依個人資料保護法第 12 條及其施行細則第 22 條通知您。事故事實、您被外洩之個人資料類別、已採取之因應措施、您的權利與聯絡窗口如下。", 12));
        var render = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var unit in recipients.GroupBy(r => r.UnitCode))
        {
            bytes += Payroll.Modules.Breach.Notices.PrintLettersHandler.Render(unit.Select(r => (r.EmployeeId, r, "個人資料外洩事故通知書", r.Name + " 君 台鑒：\n" + text)).ToList(), DateTimeOffset.UtcNow).Length;
        }

        Print($"breach.letters.render.{recipients.Count}", render.Elapsed.TotalSeconds, "s");
        Print($"breach.letters.size.{recipients.Count}", bytes / 1024d / 1024d, "MiB");
        return 0;
    }

    private static async Task<List<long>> NoticeIdsAsync(IServiceProvider services, long incident, CancellationToken ct)
    {
        await using var c = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync(ct);
        return (await Dapper.SqlMapper.QueryAsync<long>(c, "SELECT id FROM breach_notice WHERE incident_id = @incident AND channel = 'Email' ORDER BY id", new { incident })).ToList();
    }

    /// <summary>A year of traffic: mostly static files and pages from the office; one request in a thousand shows a person to an outside address.</summary>
    private static void WriteSyntheticLog(string path, Payroll.Modules.Contracts.Breach.LogFormat format, long lines, DateTimeOffset start)
    {
        var random = new Random(2017);
        string[] statics = ["/css/site.css", "/Salary/Runs", "/Login", "/", "/favicon.ico"];
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        var iis = format == Payroll.Modules.Contracts.Breach.LogFormat.Iis;
        if (iis)
        {
            writer.WriteLine("#Software: Microsoft Internet Information Services 10.0");
            writer.WriteLine("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken");
        }

        var step = TimeSpan.FromDays(365).Ticks / lines;
        for (long i = 0; i < lines; i++)
        {
            var at = start.AddTicks(step * i).ToUniversalTime();
            var person = random.Next(1000) == 0;
            var ip = person ? string.Create(CultureInfo.InvariantCulture, $"203.0.113.{random.Next(1, 255)}") : string.Create(CultureInfo.InvariantCulture, $"127.0.{random.Next(256)}.{random.Next(1, 255)}");
            var stem = person ? "/Personnel/Employee" : statics[random.Next(statics.Length)];
            var query = person ? string.Create(CultureInfo.InvariantCulture, $"no=D{random.Next(1, 44_521):000000}") : "";
            writer.WriteLine(iis
                ? string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss} 10.0.0.1 GET {stem} {(query.Length == 0 ? "-" : query)} 443 - {ip} Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 12")
                : string.Create(CultureInfo.InvariantCulture, $"{ip} - - [{at.ToOffset(TimeSpan.FromHours(8)):dd/MMM/yyyy:HH:mm:ss} +0800] \"GET {stem}{(query.Length == 0 ? "" : "?" + query)} HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (Windows NT 10.0)\""));
        }
    }

    /// <summary>The demo city paid: its run approved, every payer account's file generated, released, and one result file read.</summary>
    private static async Task<int> RunBankRunAsync(IServiceProvider services, int employees, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var engine = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var maker = new Actor(null, "bench", [], null, null, null, null);
        var checker = new Actor(null, "bench-approver", ["PayrollApprover"], null, null, null, null);
        var workers = engine == "postgres" ? Environment.ProcessorCount : Math.Min(2, Environment.ProcessorCount);
        await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(390, 42, maker), ct);
        for (var batch = 1; batch <= employees; batch += 5_000)
        {
            await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoEmployees(batch, Math.Min(5_000, employees - batch + 1), 42, maker), ct);
        }

        var plan = await sender.Send(new Payroll.Modules.Contracts.Salary.StartPayrollRun("2026-12", Payroll.Modules.Contracts.Salary.RunKind.Regular, [], maker), ct);
        await RunProcessor.CalculateAsync(services.GetRequiredService<IServiceScopeFactory>(), plan, workers, ct);
        var run = await sender.Send(new Payroll.Modules.Contracts.Salary.ApprovePayrollRun(plan.RunId, checker), ct);

        var watch = Stopwatch.StartNew();
        var problems = await sender.Send(new Payroll.Modules.Contracts.BankTransfer.CheckBankPayees(plan.RunId), ct);
        Print($"bank.check.{run.Totals.People}.{engine}", watch.Elapsed.TotalSeconds, "s");
        watch.Restart();
        var export = await sender.Send(new Payroll.Modules.Contracts.BankTransfer.ExportBankFiles(plan.RunId, null, problems.Select(p => p.EmployeeNo).ToList(), maker), ct);
        Print($"bank.generate.{run.Totals.People}.{engine}", watch.Elapsed.TotalSeconds, "s");
        Print($"bank.generate.files.{engine}", export.Generation.Files.Count, "files");
        watch.Restart();
        var again = await sender.Send(new Payroll.Modules.Contracts.BankTransfer.ExportBankFiles(plan.RunId, null, problems.Select(p => p.EmployeeNo).ToList(), maker), ct);
        Print($"bank.regenerate_identical.{run.Totals.People}.{engine}", watch.Elapsed.TotalSeconds, "s");
        watch.Restart();
        await sender.Send(new Payroll.Modules.Contracts.BankTransfer.ReleaseBankFiles(plan.RunId, checker), ct);
        Print($"bank.release.{engine}", watch.Elapsed.TotalSeconds, "s");

        // The bank answers the largest file: every credit paid but one in a hundred, rejected as 04 無此帳號.
        var largest = export.Generation.Files.Select((f, i) => (File: f, Content: export.Contents[i])).MaxBy(x => x.File.Count);
        var answer = (byte[])largest.Content.Clone();
        for (var n = 1; n <= largest.File.Count; n++)
        {
            System.Text.Encoding.ASCII.GetBytes(n % 100 == 0 ? "04" : "00", 0, 2, answer, (n * 252) + Payroll.Modules.BankTransfer.Formats.Achp01Writer.ResponseAt);
        }

        watch.Restart();
        var result = await sender.Send(new Payroll.Modules.Contracts.BankTransfer.ImportBankReturn(plan.RunId, answer, "answer.txt", maker), ct);
        Print($"bank.return.{largest.File.Count}.{engine}", watch.Elapsed.TotalSeconds, "s");
        var total = export.Generation.Files.Sum(f => f.Total) + export.Generation.Held.Sum(h => h.Amount);
        if (total != run.Totals.Net || again.Generation.GenerationId != export.Generation.GenerationId || result.Rejected != largest.File.Count / 100)
        {
            await Console.Error.WriteLineAsync($"unexpected: files {total} vs run {run.Totals.Net}, generation {again.Generation.GenerationId} vs {export.Generation.GenerationId}, rejected {result.Rejected}");
            return 1;
        }

        return 0;
    }

    /// <summary>Made-up payments written to files in a temporary directory, each format timed on its own (the second pass, after a warm-up).</summary>
    private static int RunBank(int count)
    {
        var file = new Payroll.Modules.BankTransfer.Formats.BankFile(
            1, "2026-12", false, "0040037", "123456789012", "臺北市政府", new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8)), new DateOnly(2027, 1, 1));
        var random = new Random(3);
        string[] names = ["林小華", "陳大文", "王美玲", "張志明", "歐陽娜娜"];
        var payments = Enumerable.Range(1, count).Select(i => new Payroll.Modules.BankTransfer.Formats.Payment(
            i, string.Create(CultureInfo.InvariantCulture, $"D{i:000000}"), names[i % names.Length], "0120015",
            random.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(CultureInfo.InvariantCulture), random.Next(25_000, 120_000))).ToList();
        var directory = Directory.CreateTempSubdirectory("payroll-bank-bench");
        try
        {
            foreach (var (name, write) in new (string, Action<Stream>)[]
                     {
                         ("achp01", s => Payroll.Modules.BankTransfer.Formats.Achp01Writer.Write(s, file, payments, new Payroll.Modules.BankTransfer.Formats.Achp01Options())),
                         ("pain001", s => Payroll.Modules.BankTransfer.Formats.Pain001Writer.Write(s, file, payments)),
                     })
            {
                var path = Path.Combine(directory.FullName, name);
                for (var pass = 0; pass < 2; pass++)
                {
                    var watch = Stopwatch.StartNew();
                    using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        write(stream);
                    }

                    if (pass == 1)
                    {
                        Print($"bank.write.{name}.{count}", watch.Elapsed.TotalSeconds, "s");
                        Print($"bank.size.{name}.{count}", new FileInfo(path).Length / 1024d / 1024d, "MiB");
                    }
                }
            }

            // The bank's answer to the ACHP01 file, every credit paid, read back.
            var answer = File.ReadAllBytes(Path.Combine(directory.FullName, "achp01"));
            for (var n = 1; n <= count; n++)
            {
                System.Text.Encoding.ASCII.GetBytes("00", 0, 2, answer, (n * 252) + Payroll.Modules.BankTransfer.Formats.Achp01Writer.ResponseAt);
            }

            var read = Stopwatch.StartNew();
            var details = Payroll.Modules.BankTransfer.Formats.Achp01Return.Parse(answer, false);
            Print($"bank.read_return.achp01.{details.Count}", read.Elapsed.TotalSeconds, "s");
        }
        finally
        {
            directory.Delete(true);
        }

        return 0;
    }

    /// <summary>A workbook of valid, made-up people (employee numbers B000001…) for the import benchmark.</summary>
    internal static byte[] SyntheticImport(int employees)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        var sheet = workbook.AddWorksheet("人員資料");
        var headings = Payroll.Modules.Personnel.Import.EmployeeSheet.Headings;
        for (var c = 0; c < headings.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headings[c];
        }

        var random = new Random(7);
        for (var i = 1; i <= employees; i++)
        {
            var id = Payroll.Modules.Kernel.Identity.NationalId.Create((char)('A' + (i % 26)), Payroll.Modules.Kernel.Identity.NationalIdKind.Citizen, 1 + (i % 2), i % 10_000_000);
            string[] row =
            [
                string.Create(CultureInfo.InvariantCulture, $"B{i:000000}"), string.Create(CultureInfo.InvariantCulture, $"U{1 + (i % 390):0000}"), "測試員", "", id, "1985-01-01",
                "公務人員", "薦任", "6", (380 + random.Next(60)).ToString(CultureInfo.InvariantCulture), "一般行政", "6", "", "", "1", "公保", "退撫基金", "扣繳稅額表", "1", "是",
                "004", "0037", (10_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture), "", "", "", "在職", "2020-01-01",
            ];
            for (var c = 0; c < row.Length; c++)
            {
                sheet.Cell(i + 1, c + 1).SetValue(row[c]);
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH {name} {value:0.###} {unit}"));
}
