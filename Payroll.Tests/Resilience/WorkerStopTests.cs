using Dapper;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Tests.Resilience;

/// <summary>
/// SIGTERM to a worker host in the middle of a chunk (what a service manager sends on a restart or an upgrade): the host
/// stops within its shutdown time, the chunk is given up cleanly — nothing of it committed, its lease handed back at once —
/// and another worker host finishes the run with the uninterrupted run's totals. The lease is ten minutes here, so the
/// run can only finish within the test's bound if the lease really was handed back.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class WorkerStopTests(string provider) : ResilienceFixture(provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    protected override IEnumerable<string> Settings =>
        ["--Payroll:Salary:ChunkSize=10000", $"--Payroll:Salary:ChunkLease={Lease}", "--Payroll:Jobs:WorkerCount=1"];

    [OneTimeSetUp]
    public Task SeedAsync() => SeedPeopleAsync(10, 30_000);

    [Test]
    public async Task SigtermMidChunk_ChunkGivenUp_AnotherWorkerFinishes()
    {
        var expected = await UninterruptedTotalsAsync("2026-12");
        var first = Start("worker", "--Serilog:MinimumLevel:Default=Information");
        var run = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));

        // Wait until the first worker has finished a chunk and has just taken the next one (a chunk of 10,000 people takes
        // over a second, so the signal arrives while it is being calculated, not as it commits).
        Assert.That(await EventuallyAsync(async () =>
        {
            await using var c = await Db.OpenAsync();
            var (done, justTaken) = await c.QuerySingleAsync<(long Done, long JustTaken)>(
                "SELECT COALESCE(SUM(CASE WHEN state = 'Done' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN state = 'Pending' AND claimed_until > @recently THEN 1 ELSE 0 END), 0) FROM salary_run_chunk WHERE run_id = @RunId",
                new { run.RunId, recently = DateTimeOffset.UtcNow.Add(Lease).AddMilliseconds(-250).ToUnixTimeMilliseconds() });
            return done >= 1 && justTaken == 1;
        }, TimeSpan.FromMinutes(2), 20), Is.True, "the first worker took a chunk");

        first.Terminate();
        Assert.That(await first.WaitForExitAsync(TimeSpan.FromSeconds(45)), Is.True, "stopped within the shutdown time");
        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain($"of run {run.RunId} v1 given up (shutting down)"));
        var atStop = await ChunksAsync(run.RunId);
        Assert.That(atStop.Done, Is.LessThan(atStop.Total), "stopped in the middle of the run");
        await using (var c = await Db.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM salary_run_chunk WHERE run_id = @RunId AND claimed_until IS NOT NULL AND state = 'Pending'", new { run.RunId }),
                Is.Zero, "no lease left behind");
        }

        Start("worker");
        Assert.That(await EventuallyAsync(async () => await StateAsync(run.RunId) == RunState.Calculated, TimeSpan.FromMinutes(3)), Is.True,
            "the second worker finished the run long before the ten-minute lease");
        await AssertCompleteAsync(run.RunId, expected);
    }
}
