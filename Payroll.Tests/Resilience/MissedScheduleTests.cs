using Payroll.Tests.Support;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage.Monitoring;
using Payroll.Jobs;
using Payroll.Jobs.Payroll;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Tests.Resilience;

/// <summary>
/// The monthly payroll's planned time (the 20th at 06:00) passed while no host was running: the recurring job's next
/// execution lies three hours in the past when a worker host comes back. It runs once — not once per missed occurrence,
/// not never — and says so: the worker logs that it starts late, and the dashboard's state history carries the reason.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class MissedScheduleTests(string provider) : ResilienceFixture(provider)
{
    [OneTimeSetUp]
    public Task SeedAsync() => SeedPeopleAsync(3, 200);

    private List<(string Id, JobDetailsDto Details)> MonthlyJobs()
    {
        var monitor = Jobs.GetMonitoringApi();
        var ids = monitor.SucceededJobs(0, 500).Select(j => j.Key)
            .Concat(monitor.ProcessingJobs(0, 500).Select(j => j.Key))
            .Concat(monitor.EnqueuedJobs(JobQueues.Payroll, 0, 500).Select(j => j.Key))
            .Concat(monitor.FailedJobs(0, 500).Select(j => j.Key))
            .Distinct();
        return ids.Select(id => (Id: id, Details: monitor.JobDetails(id)))
            .Where(j => j.Details?.Properties is { } p && p.TryGetValue("RecurringJobId", out var r) && r.Contains(MonthlyPayrollJob.RecurringId, StringComparison.Ordinal))
            .ToList();
    }

    [Test]
    public async Task MissedMonthlyRun_RunsOnceLate_AndSaysSo()
    {
        // The hosts registered the schedule long ago and ran last month's occurrence; then every host was down at this
        // month's planned time (the latest 20th, 06:00 Taipei). That is what the job storage holds when one comes back.
        RecurringSchedule.Register(new RecurringJobManager(Jobs));
        var planned = LatestOccurrence(DateTime.UtcNow.AddHours(-1));
        var previous = LatestOccurrence(planned.AddDays(-1));
        using (var connection = Jobs.GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetRangeInHash("recurring-job:" + MonthlyPayrollJob.RecurringId, [
                new("CreatedAt", JobHelper.SerializeDateTime(previous.AddDays(-1))),
                new("LastExecution", JobHelper.SerializeDateTime(previous)),
                new("NextExecution", JobHelper.SerializeDateTime(planned)),
            ]);
            transaction.AddToSet("recurring-jobs", MonthlyPayrollJob.RecurringId, JobHelper.ToTimestamp(planned));
            transaction.Commit();
        }

        Assert.That(MonthlyJobs(), Is.Empty);
        var worker = Start("worker");
        Assert.That(await EventuallyAsync(() => Task.FromResult(MonthlyJobs().Any(j => j.Details.History.Any(h => h.StateName == "Succeeded"))), TimeSpan.FromMinutes(1)),
            Is.True, "the missed run ran when a worker came back");

        // Another scheduler pass or two: still one job for the missed occurrence.
        await Task.Delay(TimeSpan.FromSeconds(ProviderName == "postgres" ? 3 : 6));
        var jobs = MonthlyJobs();
        Assert.That(jobs, Has.Count.EqualTo(1), "one run for the missed schedule");
        var processing = jobs[0].Details.History.Single(h => h.StateName == "Processing");
        Assert.That(processing.Reason, Does.Match(@"^Late by (\d+ d )?\d+ h \d+ min: planned for \d{4}-\d{2}-20 06:00 \(Asia/Taipei\); no job server was running then$"),
            "the dashboard says it ran late");
        Assert.That(worker.Output, Does.Contain($"Recurring job {MonthlyPayrollJob.RecurringId} (job ").And.Match(@"starts late by (\d+ d )?\d+ h \d+ min"));

        var runs = (await SendAsync(new ListPayrollRuns(TestActors.Staff, 10))).Runs;
        var month = planned.AddHours(8).AddMonths(1);
        Assert.That(runs.Where(r => r.Kind == RunKind.Regular && r.State != RunState.Cancelled).Select(r => r.Period), Is.EqualTo(new[] { $"{month.Year:0000}-{month.Month:00}" }),
            "the run planned for that day was started once: the month after the planned day");

        using var connection2 = Jobs.GetConnection();
        var next = JobHelper.DeserializeNullableDateTime(connection2.GetAllEntriesFromHash("recurring-job:" + MonthlyPayrollJob.RecurringId)!["NextExecution"]);
        Assert.That(next, Is.GreaterThan(DateTime.UtcNow), "the schedule moved on to the next 20th");
    }

    /// <summary>The schedule's latest occurrence (the 20th, 06:00 in Taipei) at or before <paramref name="utc"/>.</summary>
    private static DateTime LatestOccurrence(DateTime utc)
    {
        var taipei = utc.AddHours(8);
        var candidate = new DateTime(taipei.Year, taipei.Month, 20, 6, 0, 0, DateTimeKind.Utc);
        if (candidate > taipei)
        {
            candidate = candidate.AddMonths(-1);
        }

        return candidate.AddHours(-8);
    }
}
