using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Host;
using Payroll.Jobs;
using Payroll.Jobs.Breach;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Tests.Support;

namespace Payroll.Tests.Breach;

/// <summary>
/// Dispatch survives a killed worker: a real worker host sends the notices of 150 people through a real SMTP server and
/// is killed (SIGKILL) half way; a second worker host, with the sweeper's pass, finishes. Nothing is lost (every notice
/// ends sent, or in the review list when the dead worker was in the middle of sending it) and nothing is duplicated
/// (no address receives two messages).
/// </summary>
public sealed class DispatchCrashTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Officer = new(50, "officer-x", ["ComplianceOfficer"], "s-x", "10.0.0.9", "test", null);
    private static readonly Actor Officer2 = new(51, "officer-y", ["ComplianceOfficer"], "s-y", "10.0.0.8", "test", null);
    private static readonly Actor Cli = new(null, "cli:test", [], null, null, null, null);
    private TestSmtpServer? _smtp;

    private TestSmtpServer Smtp => _smtp ??= TestSmtpServer.Start();

    private string[] WorkerSettings => [.. Smtp.ConfigArgs(), "--Payroll:Breach:SendingTimeout=00:00:03", "--Payroll:Breach:QueueTimeout=00:00:03", "--Payroll:Jobs:WorkerCount=2", "--Serilog:MinimumLevel:Default=Warning"];

    protected override IEnumerable<string> ExtraArgs => WorkerSettings;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await PayrollServices.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(3, 31, Cli));
        await SendAsync(new SeedDemoEmployees(1, 150, 31, Cli));
    }

    [OneTimeTearDown]
    public async Task StopSmtpAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    private Process Worker()
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Payroll.Host")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { "serve", "--role", "worker", "--urls", "https://127.0.0.1:0" }.Concat(Database.ConfigArgs()).Concat(WorkerSettings))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<Dictionary<string, long>> StatesAsync(long incident)
    {
        await using var c = await Db.OpenAsync();
        return (await c.QueryAsync<(string State, long Notices)>("SELECT state, COUNT(*) FROM breach_notice WHERE incident_id = @incident AND channel = 'Email' GROUP BY state", new { incident }))
            .ToDictionary(r => r.State, r => r.Notices);
    }

    [Test]
    public async Task KilledWorkerMidDispatch_NothingLost_NothingDuplicated()
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("名單");
        for (var i = 1; i <= 150; i++)
        {
            sheet.Cell(i, 1).Value = string.Create(CultureInfo.InvariantCulture, $"D{i:000000}");
        }

        using var list = new MemoryStream();
        book.SaveAs(list);
        var incident = await SendAsync(new CreateIncident(new IncidentInput("外洩", Clock.UtcNow, 2, BreachRuleSet.Pdpa, Facts: "清冊外洩。", DataCategories: ["name"], ContactOffice: "人事處", ContactPhone: "02-1234-5678"), Officer));
        await SendAsync(new AddIncidentMeasure(incident, Clock.UtcNow, "已關閉下載。", Officer));
        await SendAsync(new ScopeIncident(incident, new ScopeInput(null, [], null, null, false, [], null, [], list.ToArray()), Officer));

        // Each message takes a while at the server, so the worker is killed with messages in flight.
        Smtp.Answer = _ =>
        {
            Thread.Sleep(40);
            return 250;
        };
        await SendAsync(new RequestNoticeLaunch(incident, false, Officer));
        await SendAsync(new ApproveNoticeLaunch(incident, Officer2));
        var total = (await StatesAsync(incident)).Values.Sum();

        using (var first = Worker())
        {
            for (var i = 0; i < 600 && Smtp.Messages.Count < total / 3; i++)
            {
                await Task.Delay(50);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var atKill = Smtp.Messages.Count;
        Assert.That(atKill, Is.InRange(1, total - 1), "killed half way");

        using var second = Worker();
        try
        {
            for (var i = 0; i < 1200; i++)
            {
                var states = await StatesAsync(incident);
                if (states.GetValueOrDefault("Queued") == 0 && states.GetValueOrDefault("Sending") == 0)
                {
                    break;
                }

                if (i % 20 == 0)
                {
                    // The sweeper's pass (every minute in production): lost jobs enqueued again, interrupted notices to review.
                    Clock.Advance(TimeSpan.FromSeconds(5));
                    var stalled = await SendAsync(new FindStalledNotices());
                    var jobs = Services.GetRequiredService<IBackgroundJobClient>();
                    foreach (var id in stalled.ToEnqueue)
                    {
                        jobs.Enqueue<NoticeDispatchJob>(JobQueues.Notices, j => j.Run(id, CancellationToken.None));
                    }
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        var final = await StatesAsync(incident);
        Assert.That(final.GetValueOrDefault("Queued") + final.GetValueOrDefault("Sending"), Is.Zero, "nothing left behind: " + string.Join(", ", final));
        Assert.That(final.GetValueOrDefault("Sent") + final.GetValueOrDefault("Review"), Is.EqualTo(total), "every notice sent, or in review when the crash hid whether it left");
        var addresses = Smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.That(addresses, Is.Unique, "no one received two messages");
        Assert.That(addresses.Count, Is.InRange(final.GetValueOrDefault("Sent"), final.GetValueOrDefault("Sent") + final.GetValueOrDefault("Review")));
    }
}
