using Payroll.Modules.Contracts.Salary;

namespace Payroll.Tests.Resilience;

/// <summary>
/// Two worker hosts share a 200,000-person run on one PostgreSQL database; one is killed (SIGKILL) a fifth of the way
/// in. The other finishes the run with exactly one payslip per person and the totals of an uninterrupted run: the chunk
/// the dead one was calculating is taken over when its lease runs out and the sweeper enqueues it again; a job it had
/// fetched but not started comes back when the job storage's invisibility timeout passes (both 30 s here, five minutes
/// by default). PostgreSQL only: that is the engine several hosts share.
/// </summary>
[TestFixture("postgres")]
public sealed class KilledWorkerTests(string provider) : ResilienceFixture(provider)
{
    private const int People = 200_000;

    protected override IEnumerable<string> Settings =>
        ["--Payroll:Salary:ChunkLease=00:00:30", "--Payroll:Jobs:InvisibilityTimeout=00:00:30",
         "--Payroll:Jobs:Queues:payroll=2", "--Payroll:Jobs:Queues:maintenance=1", "--Payroll:Jobs:Queues:default=1", "--Payroll:Jobs:Queues:notices=1"];

    [OneTimeSetUp]
    public Task SeedAsync() => SeedPeopleAsync(200, People);

    [Test]
    public async Task OneOfTwoWorkersKilledMidRun_TheOtherFinishes_ExactPayslipsAndTotals()
    {
        var expected = await UninterruptedTotalsAsync("2026-12");
        Assert.That(expected.People + expected.Exceptions, Is.GreaterThan(People * 9 / 10), "a run of the whole city");
        var doomed = Start("worker");
        var survivor = Start("worker");
        await doomed.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        await survivor.WaitUntilServingAsync(TimeSpan.FromSeconds(60));

        var run = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));
        Assert.That(await EventuallyAsync(async () =>
        {
            var (done, total) = await ChunksAsync(run.RunId);
            return done * 5 >= total;
        }, TimeSpan.FromMinutes(5), 100), Is.True, "a fifth of the run done");

        doomed.Kill();
        Assert.That(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.True);
        var atKill = await ChunksAsync(run.RunId);
        TestContext.Out.WriteLine($"killed one worker at {atKill.Done}/{atKill.Total} chunks");
        Assert.That(atKill.Done, Is.LessThan(atKill.Total), "killed in the middle");

        Assert.That(await EventuallyAsync(async () => await StateAsync(run.RunId) == RunState.Calculated, TimeSpan.FromMinutes(8), 1000), Is.True,
            "the surviving worker finished the run");
        Assert.That(survivor.HasExited, Is.False);
        await AssertCompleteAsync(run.RunId, expected);
    }
}
