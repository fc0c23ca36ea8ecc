using Hangfire;
using Payroll.Jobs.Breach;
using Payroll.Jobs.Maintenance;
using Payroll.Jobs.Payroll;

namespace Payroll.Jobs;

/// <summary>When the recurring jobs run (<c>Payroll:Jobs</c>). Registering is idempotent: every host does it at start.</summary>
public static class RecurringSchedule
{
    public static void Register(IRecurringJobManager jobs, ScheduleOptions? schedule = null)
    {
        schedule ??= new ScheduleOptions();
        // Relaxed: a schedule missed while no server ran gives one late run, not one per missed occurrence (and not none).
        var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone), MisfireHandling = MisfireHandlingMode.Relaxed };
        jobs.AddOrUpdate<DocumentRetentionJob>(DocumentRetentionJob.RecurringId, JobQueues.Maintenance, j => j.Run(CancellationToken.None), "30 2 * * *", options);
        jobs.AddOrUpdate<AuditCheckpointJob>(AuditCheckpointJob.RecurringId, JobQueues.Maintenance, j => j.Run(CancellationToken.None), "55 23 * * *", options);
        jobs.AddOrUpdate<MonthlyPayrollJob>(MonthlyPayrollJob.RecurringId, JobQueues.Payroll, j => j.Run(null, CancellationToken.None), schedule.PayrollMonthlyCron, options);
        jobs.AddOrUpdate<PayrollSweeperJob>(PayrollSweeperJob.RecurringId, JobQueues.Payroll, j => j.Run(CancellationToken.None), schedule.PayrollSweeperCron, options);
        jobs.AddOrUpdate<NoticeSweeperJob>(NoticeSweeperJob.RecurringId, JobQueues.Notices, j => j.Run(CancellationToken.None), schedule.NoticeSweeperCron, options);
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
