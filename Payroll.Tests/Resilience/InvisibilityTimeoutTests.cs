using Dapper;
using Payroll.Jobs.Breach;
using Payroll.Tests.Breach;
using Payroll.Tests.Support;

namespace Payroll.Tests.Resilience;

/// <summary>
/// A job that runs longer than the job storage's invisibility timeout: a notice whose mail server takes 12 s to accept
/// the message, against a 4 s timeout, with two worker hosts. On SQLite the storage hands the job to another worker
/// after the timeout (the second run finds the notice already being sent and leaves it); on PostgreSQL the lease slides
/// and nobody else gets it. Either way the person receives one message and the notice is sent once.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class InvisibilityTimeoutTests(string provider) : ResilienceFixture(provider)
{
    private static readonly TimeSpan Invisibility = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan SmtpDelay = TimeSpan.FromSeconds(12);
    private TestSmtpServer? _smtp;

    private TestSmtpServer Smtp => _smtp ??= TestSmtpServer.Start();

    protected override IEnumerable<string> Settings =>
        [.. Smtp.ConfigArgs(), $"--Payroll:Jobs:InvisibilityTimeout={Invisibility}", "--Payroll:Jobs:WorkerCount=2"];

    [OneTimeSetUp]
    public Task SeedAsync() => SeedPeopleAsync(1, 1);

    [OneTimeTearDown]
    public async Task StopSmtpAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    [Test]
    public async Task JobOutlivingTheInvisibilityTimeout_HasOneEffect()
    {
        var asked = 0;
        Smtp.Answer = _ =>
        {
            Interlocked.Increment(ref asked);
            Thread.Sleep(SmtpDelay);
            return 250;
        };

        var incident = await BreachScenario.LaunchAsync(Services, DateTimeOffset.UtcNow, 1);
        Start("worker");
        Start("worker");
        Assert.That(await EventuallyAsync(async () => await EmailStateAsync(incident) == "Sent", TimeSpan.FromMinutes(2)), Is.True, "the notice was sent");

        // Long enough for any second run of the job to have reached the mail server too.
        await Task.Delay(Invisibility * 2);
        Assert.That(asked, Is.EqualTo(1), "the mail server was asked once");
        Assert.That(Smtp.Messages, Has.Count.EqualTo(1), "one message");
        Assert.That(SmtpDelay, Is.GreaterThan(Invisibility * 2), "the job outlived the invisibility timeout");
        var monitor = Jobs.GetMonitoringApi();
        var dispatch = monitor.SucceededJobs(0, 100).Where(j => j.Value.Job?.Type == typeof(NoticeDispatchJob)).Select(j => monitor.JobDetails(j.Key)).Single();
        var runs = dispatch.History.Count(h => h.StateName == "Processing");
        TestContext.Out.WriteLine($"{ProviderName}: the dispatch job was started {runs} time(s)");
        Assert.That(runs, ProviderName == "sqlite" ? Is.GreaterThanOrEqualTo(2) : Is.EqualTo(1),
            ProviderName == "sqlite" ? "SQLite storage hands a job on after the timeout" : "PostgreSQL storage keeps a running job's lease");
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT attempts FROM breach_notice WHERE incident_id = @incident AND channel = 'Email'", new { incident }), Is.EqualTo(1));
    }

    private async Task<string?> EmailStateAsync(long incident)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT state FROM breach_notice WHERE incident_id = @incident AND channel = 'Email'", new { incident });
    }
}
