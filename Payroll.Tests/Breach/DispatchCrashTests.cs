using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Jobs;
using Payroll.Jobs.Breach;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Breach;

/// <summary>
/// Dispatch survives a killed worker: a real worker host sends the notices of 150 people through a real SMTP server and
/// is killed (SIGKILL) half way; a second worker host, with the sweeper's pass, finishes. Nothing is lost (every notice
/// ends sent, or in the review list when the dead worker was in the middle of sending it) and nothing is duplicated
/// (no address receives two messages).
/// </summary>
public sealed class DispatchCrashTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private TestSmtpServer? _smtp;

    private TestSmtpServer Smtp => _smtp ??= TestSmtpServer.Start();

    private string[] WorkerSettings => [.. Smtp.ConfigArgs(), "--Payroll:Breach:SendingTimeout=00:00:03", "--Payroll:Breach:QueueTimeout=00:00:03", "--Payroll:Jobs:WorkerCount=2", "--Serilog:MinimumLevel:Default=Warning"];

    protected override IEnumerable<string> ExtraArgs => WorkerSettings;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(3, 31, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 150, 31, TestActors.Staff));
    }

    [OneTimeTearDown]
    public async Task StopSmtpAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    private HostProcess Worker() => HostProcess.Serve("worker", [.. Database.ConfigArgs(), .. WorkerSettings]);

    private async Task<Dictionary<string, long>> StatesAsync(long incident)
    {
        await using var c = await Db.OpenAsync();
        return (await c.QueryAsync<(string State, long Notices)>("SELECT state, COUNT(*) FROM breach_notice WHERE incident_id = @incident AND channel = 'Email' GROUP BY state", new { incident }))
            .ToDictionary(r => r.State, r => r.Notices);
    }

    [Test]
    public async Task KilledWorkerMidDispatch_NothingLost_NothingDuplicated()
    {
        // Each message takes a while at the server, so the worker is killed with messages in flight.
        Smtp.Answer = _ =>
        {
            Thread.Sleep(40);
            return 250;
        };
        var incident = await BreachScenario.LaunchAsync(Services, Clock.UtcNow, 150);
        var total = (await StatesAsync(incident)).Values.Sum();

        using (var first = Worker())
        {
            for (var i = 0; i < 600 && Smtp.Messages.Count < total / 3; i++)
            {
                await Task.Delay(50);
            }

            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
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
                    var stalled = await SendAsync(new FindStalledNotices(TestActors.NoticeSweeper));
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
            second.Kill();
            await second.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var final = await StatesAsync(incident);
        Assert.That(final.GetValueOrDefault("Queued") + final.GetValueOrDefault("Sending"), Is.Zero, "nothing left behind: " + string.Join(", ", final));
        Assert.That(final.GetValueOrDefault("Sent") + final.GetValueOrDefault("Review"), Is.EqualTo(total), "every notice sent, or in review when the crash hid whether it left");
        var addresses = Smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.That(addresses, Is.Unique, "no one received two messages");
        Assert.That(addresses.Count, Is.InRange(final.GetValueOrDefault("Sent"), final.GetValueOrDefault("Sent") + final.GetValueOrDefault("Review")));
    }
}
