using Hangfire;
using Payroll.Jobs.Maintenance;

namespace Payroll.Jobs;

/// <summary>When the recurring jobs run (Asia/Taipei). Registering is idempotent: every host does it at start.</summary>
public static class RecurringSchedule
{
    public static readonly TimeZoneInfo Taipei = TimeZoneInfo.FindSystemTimeZoneById("Asia/Taipei");

    public static void Register(IRecurringJobManager jobs)
    {
        var options = new RecurringJobOptions { TimeZone = Taipei };
        jobs.AddOrUpdate<DocumentRetentionJob>(DocumentRetentionJob.RecurringId, JobQueues.Maintenance, j => j.Run(CancellationToken.None), "30 2 * * *", options);
        jobs.AddOrUpdate<AuditCheckpointJob>(AuditCheckpointJob.RecurringId, JobQueues.Maintenance, j => j.Run(CancellationToken.None), "55 23 * * *", options);
    }
}
