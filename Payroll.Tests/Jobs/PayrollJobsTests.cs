using Payroll.Tests.Support;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Jobs.Payroll;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Host;

namespace Payroll.Tests.Jobs;

/// <summary>Payroll runs through Hangfire on each engine's storage: chunks as jobs, the monthly job, the sweeper.</summary>
public sealed class PayrollJobsTests(string provider) : HostFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;

    protected override string Role => "all";

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Salary:ChunkSize=25"];

    [OneTimeSetUp]
    public async Task SeedCityAsync()
    {
        await SendAsync(new SeedDemoUnits(4, 7, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 120, 7, TestActors.Staff));
    }

    private async Task<PayrollRunSummary> WaitForAsync(long runId, RunState state)
    {
        PayrollRunSummary? summary = null;
        for (var i = 0; i < 600 && summary?.State != state; i++)
        {
            await Task.Delay(100);
            summary = await SendAsync(new GetPayrollRunSummary(runId, TestActors.Staff));
        }

        return summary!;
    }

    [Test]
    public async Task StartedRun_IsCalculatedByTheJobServer_ChunkByChunk()
    {
        var plan = await SendAsync(new StartPayrollRun("2027-01", RunKind.Regular, [], Cli));

        var summary = await WaitForAsync(plan.RunId, RunState.Calculated);

        Assert.That(summary.State, Is.EqualTo(RunState.Calculated));
        Assert.That((summary.ChunksDone, summary.ChunksTotal), Is.EqualTo((plan.Chunks.Count, plan.Chunks.Count)));
        Assert.That(plan.Chunks, Has.Count.GreaterThan(1));
        await SendAsync(new CancelPayrollRun(plan.RunId, "test done", Cli));
    }

    [Test]
    public async Task MonthlyJob_StartsNextMonthsRunOnce_AndNeverApproves()
    {
        var next = Payroll.Modules.Kernel.Time.RocDate.TaipeiDate(Host.Clock.UtcNow).AddMonths(1);
        var period = $"{next.Year:0000}-{next.Month:00}";
        var jobs = Host.Services.GetRequiredService<IRecurringJobManager>();

        jobs.Trigger(MonthlyPayrollJob.RecurringId);
        PayrollRunSummary? run = null;
        for (var i = 0; i < 600 && run?.State != RunState.Calculated; i++)
        {
            await Task.Delay(100);
            run = (await SendAsync(new ListPayrollRuns(TestActors.Staff, 50))).Runs.FirstOrDefault(r => r.Period == period);
        }

        Assert.That(run, Is.Not.Null);
        Assert.That((run!.State, run.StartedBy, run.ApprovedBy), Is.EqualTo((RunState.Calculated, "job:payroll-monthly", (string?)null)));

        await using (var scope = Host.Services.CreateAsyncScope())
        {
            // Triggered again (an operator pressing the button twice): the month already has its run.
            await ActivatorUtilities.CreateInstance<MonthlyPayrollJob>(scope.ServiceProvider).Run(null, CancellationToken.None);
        }

        Assert.That((await SendAsync(new ListPayrollRuns(TestActors.Staff, 50))).Runs.Count(r => r.Period == period), Is.EqualTo(1));
        await SendAsync(new CancelPayrollRun(run.RunId, "test done", Cli));
    }

    [Test]
    public async Task Sweeper_EnqueuesAChunkWhoseWorkerDied()
    {
        var plan = await SendAsync(new StartPayrollRun("2027-02", RunKind.Regular, [], Cli));
        await WaitForAsync(plan.RunId, RunState.Calculated);
        var rerun = await SendAsync(new RerunPayroll(plan.RunId, [], null, Cli));
        await using (var c = await Host.Services.GetRequiredService<Payroll.Modules.Kernel.Db.IDbConnectionFactory>().OpenAsync())
        {
            // Every chunk of the rerun is held by a worker that died (a lease that has not run out yet).
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE salary_run_chunk SET claimed_until = @until WHERE run_id = @RunId AND version = @Version",
                new { plan.RunId, rerun.Version, until = Host.Clock.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds() });
        }

        await Task.Delay(1500);
        Assert.That((await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!.State, Is.EqualTo(RunState.Calculating), "the chunk jobs found the chunks held");

        Host.Clock.Advance(TimeSpan.FromMinutes(6));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<PayrollSweeperJob>(scope.ServiceProvider).Run(CancellationToken.None);
        }

        var done = await WaitForAsync(plan.RunId, RunState.Calculated);
        Assert.That((done.State, done.Version), Is.EqualTo((RunState.Calculated, 2)));
        await SendAsync(new CancelPayrollRun(plan.RunId, "test done", Cli));
    }
}
