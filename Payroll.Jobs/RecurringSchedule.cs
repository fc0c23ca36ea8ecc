using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Payroll.Jobs.Breach;
using Payroll.Jobs.Maintenance;
using Payroll.Jobs.Payroll;

namespace Payroll.Jobs;

/// <summary>When the recurring jobs run (<c>Payroll:Jobs</c>). Registering is idempotent: every host does it at start.</summary>
public static class RecurringSchedule
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers every recurring job. One whose lock is held — by another host registering at the same moment, or left
    /// behind by a process killed while holding it — is not waited for: the ids returned are the ones to try again
    /// (the registration already in storage stands meanwhile).
    /// </summary>
    public static IReadOnlyList<string> Register(IRecurringJobManager jobs, ScheduleOptions? schedule = null)
    {
        schedule ??= new ScheduleOptions();

        // Relaxed: a schedule missed while no server ran gives one late run, not one per missed occurrence (and not none).
        var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone), MisfireHandling = MisfireHandlingMode.Relaxed };
        var registrations = new (string Id, Action Add)[]
        {
            (DocumentRetentionJob.RecurringId, () => jobs.AddOrUpdate<DocumentRetentionJob>(DocumentRetentionJob.RecurringId, JobQueues.Maintenance, j => j.Run(CancellationToken.None), "30 2 * * *", options)),
            (AuditCheckpointJob.RecurringId, () => jobs.AddOrUpdate<AuditCheckpointJob>(AuditCheckpointJob.RecurringId, JobQueues.Maintenance, j => j.Run(CancellationToken.None), "55 23 * * *", options)),
            (MonthlyPayrollJob.RecurringId, () => jobs.AddOrUpdate<MonthlyPayrollJob>(MonthlyPayrollJob.RecurringId, JobQueues.Payroll, j => j.Run(null, CancellationToken.None), schedule.PayrollMonthlyCron, options)),
            (PayrollSweeperJob.RecurringId, () => jobs.AddOrUpdate<PayrollSweeperJob>(PayrollSweeperJob.RecurringId, JobQueues.Payroll, j => j.Run(CancellationToken.None), schedule.PayrollSweeperCron, options)),
            (NoticeSweeperJob.RecurringId, () => jobs.AddOrUpdate<NoticeSweeperJob>(NoticeSweeperJob.RecurringId, JobQueues.Notices, j => j.Run(CancellationToken.None), schedule.NoticeSweeperCron, options)),
        };

        var deferred = new List<string>();
        foreach (var (id, add) in registrations)
        {
            try
            {
                add();
            }
            catch (Exception e) when (e is DistributedLockTimeoutException or PostgreSqlDistributedLockException)
            {
                deferred.Add(id);
            }
        }

        return deferred;
    }

    /// <summary>
    /// Registers at a host's start without ever stopping it: what cannot be registered now (a lock held) is tried again
    /// every ten seconds in the background until it is, or the host stops.
    /// </summary>
    public static void RegisterAtStart(IRecurringJobManager jobs, ScheduleOptions? schedule, ILogger logger, CancellationToken stopping)
    {
        var deferred = Register(jobs, schedule);
        if (deferred.Count == 0)
        {
            return;
        }

        logger.LogWarning("Recurring jobs {RecurringJobIds} not registered yet: their lock is held (another host starting, or a stale lock of a killed one); trying again every {Seconds} s",
            deferred, RetryEvery.TotalSeconds);
        _ = Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested && Register(jobs, schedule).Count > 0)
            {
                await Task.Delay(RetryEvery, stopping).ConfigureAwait(false);
            }

            if (!stopping.IsCancellationRequested)
            {
                logger.LogInformation("Recurring jobs registered");
            }
        }, stopping);
    }
}

/// <summary>Schedule settings (<c>Payroll:Jobs</c>): cron expressions and the time zone they are read in.</summary>
public sealed class ScheduleOptions
{
    public string TimeZone { get; set; } = "Asia/Taipei";

    /// <summary>The 20th at 06:00: next month's regular run is started and calculated, waiting for approval.</summary>
    public string PayrollMonthlyCron { get; set; } = "0 6 20 * *";

    public string PayrollSweeperCron { get; set; } = "* * * * *";

    public string NoticeSweeperCron { get; set; } = "* * * * *";
}
