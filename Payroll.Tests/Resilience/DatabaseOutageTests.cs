using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Time;
using Payroll.Tests.Breach;
using Payroll.Tests.Support;

namespace Payroll.Tests.Resilience;

/// <summary>
/// PostgreSQL stopped for 60 s while a worker host is in the middle of a payroll run and of a notice dispatch: meanwhile
/// <c>/readyz</c> on the web host answers 503 "degraded" to a signed-in operator; when the database is back both carry on
/// by themselves — the run ends with the uninterrupted run's totals and one payslip per person, every notice is sent and
/// no address receives two messages. The database is a cluster of this test's own, so stopping it disturbs nothing else.
/// Timeouts are shortened (leases, invisibility, sweeps) so that recovery fits the test's bound; the deployment guide
/// gives the production figures.
/// </summary>
[TestFixture("postgres")]
public sealed class DatabaseOutageTests(string provider) : ResilienceFixture(provider)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private PrivatePostgres? _postgres;
    private TestSmtpServer? _smtp;

    private TestSmtpServer Smtp => _smtp ??= TestSmtpServer.Start();

    protected override IEnumerable<string> Settings =>
    [
        .. Smtp.ConfigArgs(),
        "--Payroll:Salary:ChunkSize=1000", "--Payroll:Salary:ChunkLease=00:00:20", "--Payroll:Salary:ChunkQueueTimeout=00:00:30",
        "--Payroll:Breach:QueueTimeout=00:00:30", "--Payroll:Jobs:InvisibilityTimeout=00:00:30",
        "--Payroll:Jobs:Queues:payroll=2", "--Payroll:Jobs:Queues:notices=2", "--Payroll:Jobs:Queues:maintenance=1", "--Payroll:Jobs:Queues:default=1",
    ];

    protected override async Task<IReadOnlyList<string>> OpenDatabaseAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "payroll-tests", Guid.NewGuid().ToString("N"));
        return [.. _postgres.ConfigArgs(data)];
    }

    // The test's own queries open a fresh connection each time, so it never meets one the shutdown cut (the hosts, which
    // pool theirs, meet them and recover).
    protected override IEnumerable<string> OwnArgs(IReadOnlyList<string> databaseArgs) =>
        databaseArgs.Select(a => a.StartsWith("--Payroll:Database:ConnectionString=", StringComparison.Ordinal) ? a + ";Pooling=false" : a);

    protected override async ValueTask CloseDatabaseAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [OneTimeSetUp]
    public Task SeedAsync() => SeedPeopleAsync(12, 40_000);

    [Test]
    public async Task PostgresStoppedMidRunAndMidDispatch_BothResume_NothingLostOrDuplicated()
    {
        var expected = await UninterruptedTotalsAsync("2026-12");
        NewAccount operatorAccount;
        await using (var scope = Services.CreateAsyncScope())
        {
            operatorAccount = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new CreateAccount("ops-outage", ["PayrollOperator"], true, null, TestActors.Staff));
        }

        var web = Start("web");
        Start("worker");
        await web.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        using var client = new TestClient(web.BaseAddress, new SystemClock());
        await client.LoginAsync(operatorAccount);
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
        }

        Smtp.Answer = _ =>
        {
            Thread.Sleep(50);
            return 250;
        };
        var incident = await BreachScenario.LaunchAsync(Services, DateTimeOffset.UtcNow, 400);
        var run = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));
        var emails = (await NoticeStatesAsync(incident)).Values.Sum();

        Assert.That(await EventuallyAsync(async () => (await ChunksAsync(run.RunId)).Done >= 2 && Smtp.Messages.Count >= 20, TimeSpan.FromMinutes(2)), Is.True, "both under way");
        await _postgres!.PauseAsync();
        var messagesAtStop = Smtp.Messages.Count;
        TestContext.Out.WriteLine($"database stopped with {messagesAtStop} of {emails} messages sent");

        // Meanwhile: the operator's readiness check says degraded (the session cannot even be checked), every time.
        var answers = new List<(HttpStatusCode Status, string Body)>();
        var back = DateTime.UtcNow + Outage;
        while (DateTime.UtcNow < back)
        {
            using var response = await client.GetAsync("/readyz");
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            await Task.Delay(2000);
        }

        await _postgres.ResumeAsync();
        Assert.That(answers, Has.Count.GreaterThan(20));
        Assert.That(answers.Select(a => a.Status).Distinct(), Is.EqualTo(new[] { HttpStatusCode.ServiceUnavailable }), string.Join("\n", answers.Take(3)));
        Assert.That(answers.Select(a => a.Body).Distinct().Single(), Does.Contain("\"status\":\"degraded\"").And.Contain("\"database\":\"unreachable\""));
        Assert.That(await StateAsync(run.RunId), Is.EqualTo(RunState.Calculating), "the run was in the middle when the database went away");

        // Back: both finish by themselves.
        Assert.That(await EventuallyAsync(async () => await StateAsync(run.RunId) == RunState.Calculated, TimeSpan.FromMinutes(4), 1000), Is.True, "the run resumed and finished");
        await AssertCompleteAsync(run.RunId, expected);
        Assert.That(await EventuallyAsync(async () => (await NoticeStatesAsync(incident)).GetValueOrDefault("Sent") == emails, TimeSpan.FromMinutes(3), 1000), Is.True,
            "every notice sent: " + string.Join(", ", await NoticeStatesAsync(incident)));
        var addresses = Smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.That(addresses, Is.Unique, "no one received two messages");
        Assert.That(addresses, Has.Count.EqualTo(emails));
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "ready again, with the same session: " + await ready.Content.ReadAsStringAsync());
        }
    }

    private async Task<Dictionary<string, long>> NoticeStatesAsync(long incident)
    {
        await using var c = await Db.OpenAsync();
        return (await c.QueryAsync<(string State, long Notices)>("SELECT state, COUNT(*) FROM breach_notice WHERE incident_id = @incident AND channel = 'Email' GROUP BY state", new { incident }))
            .ToDictionary(r => r.State, r => r.Notices);
    }
}
