using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using Microsoft.Extensions.Logging;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Jobs.Payroll;

/// <summary>
/// <c>payroll-monthly</c>: starts and calculates the regular run of next month for every unit. It never approves. When
/// that month already has a regular run (started by an operator, or by an earlier trigger) it does nothing. Triggered by
/// hand on the dashboard, the run records who clicked, and that account cannot approve it.
/// </summary>
[Queue(JobQueues.Payroll)]
[AutomaticRetry(Attempts = 3)]
public sealed class MonthlyPayrollJob(ISender sender, IClock clock, ILogger<MonthlyPayrollJob> logger)
{
    /// <summary>Who this job is in the messages it sends: <see cref="SystemActors"/>.</summary>
    internal static readonly Actor Actor = Actor.Job(RecurringId);

    public const string RecurringId = "payroll-monthly";

    // A month's regular runs, cancelled ones included: a handful at most.
    private const int ListLimit = 50;

    [DisplayName("Monthly payroll: start next month's regular run")]
    public async Task Run(PerformContext? context, CancellationToken cancellationToken)
    {
        // The month after the planned day, not after today: a run that starts late (every host was down on the 20th)
        // still pays the month it was planned for.
        var day = LateRecurringJobFilter.PlannedAt(context) is { } planned ? new DateTimeOffset(planned) : clock.UtcNow;
        var next = RocDate.TaipeiDate(day).AddMonths(1);
        var period = $"{next.Year:0000}-{next.Month:00}";
        var existing = await sender.Send(new ListPayrollRuns(Actor, ListLimit, Period: period, Kind: RunKind.Regular), cancellationToken);
        if (existing.Runs.FirstOrDefault(r => r.State != RunState.Cancelled) is { } run)
        {
            logger.LogInformation("Run {RunId} already pays {Period}; nothing started", run.RunId, period);
            return;
        }

        var plan = await sender.Send(new StartPayrollRun(period, RunKind.Regular, [], Actor, TriggeredBy: TriggeredByFilter.Of(context)), cancellationToken);
        logger.LogInformation("Started run {RunId} for {Period}: {People} people in {Chunks} chunks", plan.RunId, period, plan.People, plan.Chunks.Count);
    }
}

/// <summary>
/// <c>payroll-sweeper</c>: enqueues again the chunks a crashed worker or a lost job left pending, and publishes runs
/// whose chunks are all done but whose last worker died before publishing.
/// </summary>
[Queue(JobQueues.Payroll)]
[AutomaticRetry(Attempts = 0)]
public sealed class PayrollSweeperJob(ISender sender, IBackgroundJobClient jobs, ILogger<PayrollSweeperJob> logger)
{
    /// <summary>Who this job is in the messages it sends: <see cref="SystemActors"/>.</summary>
    internal static readonly Actor Actor = Actor.Job(RecurringId);

    public const string RecurringId = "payroll-sweeper";

    [DisplayName("Payroll sweeper: resume stalled chunks")]
    public async Task Run(CancellationToken cancellationToken)
    {
        var stalled = await sender.Send(new FindStalledPayrollWork(Actor), cancellationToken);
        foreach (var chunk in stalled.Chunks)
        {
            jobs.Enqueue<PayrollChunkJob>(JobQueues.Payroll, j => j.Run(chunk.RunId, chunk.Version, chunk.ChunkNo, CancellationToken.None));
        }

        foreach (var run in stalled.RunsToComplete)
        {
            await sender.Send(new CompletePayrollRun(run, Actor), cancellationToken);
        }

        if (stalled.Chunks.Count + stalled.RunsToComplete.Count > 0)
        {
            logger.LogWarning("Resumed {Chunks} stalled chunk(s) and {Runs} unpublished run(s)", stalled.Chunks.Count, stalled.RunsToComplete.Count);
        }
    }
}
