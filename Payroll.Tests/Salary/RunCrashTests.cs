using Payroll.Modules.Contracts.Authorization;
using Payroll.Tests.Host;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Salary;

/// <summary>
/// Crash safety with a real process: <c>payroll run start --wait</c> is killed (SIGKILL) in the middle of a run, and
/// <c>payroll run resume</c> in a new process finishes it with one payslip per person and the totals of a run that was
/// never interrupted.
/// </summary>
public sealed class RunCrashTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;

    // Small chunks so the run takes long enough to be killed half way; a short lease so the chunk the dead process held
    // is taken over in seconds rather than minutes.
    private static readonly string[] RunSettings = ["--Payroll:Salary:ChunkSize=25", "--Payroll:Salary:ChunkLease=00:00:02", "--Serilog:MinimumLevel:Default=Warning"];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(10, 4, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 3_000, 4, TestActors.Staff));
    }

    private CliUser? _operator;

    /// <summary>A verb in a process of its own, as an operator who signs in only there (on the real clock).</summary>
    private async Task<HostProcess> PayrollAsync(params string[] args)
    {
        _operator ??= await CliTests.AddUserAsync(Database, (await CliTests.AccountsAsync(Database)).Admin, "crash-operator", Roles.PayrollOperator);
        return HostProcess.CliAs(_operator, args, [.. Database.ConfigArgs(), .. RunSettings]);
    }

    private async Task<(long Done, long Total)> ChunksAsync(long runId)
    {
        await using var c = await Db.OpenAsync();
        return await c.QuerySingleAsync<(long Done, long Total)>(
            "SELECT COALESCE(SUM(CASE WHEN state = 'Done' THEN 1 ELSE 0 END), 0), COUNT(*) FROM salary_run_chunk WHERE run_id = @runId", new { runId });
    }

    [Test]
    public async Task KilledMidRun_ThenResumed_OnePayslipPerPerson_AndTheSameTotals()
    {
        var reference = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));
        foreach (var chunk in reference.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(reference.RunId, 1, chunk, TestActors.Chunk));
        }

        var expected = (await SendAsync(new GetPayrollRunSummary(reference.RunId, TestActors.Staff)))!.Totals;
        await SendAsync(new CancelPayrollRun(reference.RunId, "reference for the crash test", Cli));

        using var worker = await PayrollAsync("run", "start", "--period", "2026-12", "--wait", "--workers", "1");
        long runId = 0;
        (long Done, long Total) progress = (0, 0);
        for (var i = 0; i < 600 && (runId == 0 || progress.Done < 3); i++)
        {
            await Task.Delay(25);
            await using var c = await Db.OpenAsync();
            runId = await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM salary_run WHERE state <> 'Cancelled'") ?? 0;
            progress = runId == 0 ? (0, 0) : await ChunksAsync(runId);
        }

        worker.Kill();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var atKill = await ChunksAsync(runId);
        Assert.That(atKill.Done, Is.GreaterThanOrEqualTo(3).And.LessThan(atKill.Total), "killed in the middle of the run");
        Assert.That((await SendAsync(new GetPayrollRunSummary(runId, TestActors.Staff)))!.State, Is.EqualTo(RunState.Calculating));

        using var resumer = await PayrollAsync("run", "resume", "--run", runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(await resumer.WaitForExitAsync(TimeSpan.FromMinutes(5)), Is.True, resumer.Output);
        Assert.That(resumer.ExitCode, Is.Zero, resumer.Output);

        var done = (await SendAsync(new GetPayrollRunSummary(runId, TestActors.Staff)))!;
        Assert.That(done.State, Is.EqualTo(RunState.Calculated));
        Assert.That(done.Totals, Is.EqualTo(expected), "the same totals as the run that was never interrupted");
        await using var db = await Db.OpenAsync();
        var (rows, people) = await db.QuerySingleAsync<(long Rows, long People)>(
            "SELECT COUNT(*), COUNT(DISTINCT employee_id) FROM salary_payslip WHERE run_id = @runId", new { runId });
        Assert.That(rows, Is.EqualTo(people), "exactly one payslip per person");
        Assert.That(people, Is.EqualTo(expected.People + expected.Exceptions));
    }
}
