using Dapper;
using Hangfire;
using Hangfire.Common;
using Payroll.Jobs;
using Payroll.Jobs.Payroll;

namespace Payroll.Tests.Resilience;

/// <summary>
/// A process killed while it held the recurring-job scheduler's distributed lock leaves the lock's row behind in the
/// shared database. The recurring jobs are held up by it for the lock timeout (20 s here, a minute by default) and no
/// longer: then a worker host takes the lock over and the job that fell due runs. A host starting meanwhile starts (it
/// registers the locked job once the lock is free) rather than failing. PostgreSQL only: that is where several hosts
/// share one scheduler lock.
/// </summary>
[TestFixture("postgres")]
public sealed class StaleLockTests(string provider) : ResilienceFixture(provider)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(20);

    // The PostgreSQL storage names its locks after its schema.
    private const string Prefix = JobStorageSetup.PostgresSchema + ":";

    protected override IEnumerable<string> Settings => [$"--Payroll:Jobs:DistributedLockTimeout={LockTimeout}"];

    [Test]
    public async Task StaleSchedulerLock_HoldsRecurringJobsNoLongerThanTheLockTimeout()
    {
        RecurringSchedule.Register(new RecurringJobManager(Jobs));

        // The payroll sweeper (every minute) fell due at the start of this minute; its last run was the minute before.
        var now = DateTime.UtcNow;
        var due = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        using (var connection = Jobs.GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetRangeInHash("recurring-job:" + PayrollSweeperJob.RecurringId, [
                new("LastExecution", JobHelper.SerializeDateTime(due.AddMinutes(-1))),
                new("NextExecution", JobHelper.SerializeDateTime(due)),
            ]);
            transaction.AddToSet("recurring-jobs", PayrollSweeperJob.RecurringId, JobHelper.ToTimestamp(due));
            transaction.Commit();
        }

        // What a host killed inside the scheduler leaves: the rows of the scheduler's lock and of the job's, never deleted.
        DateTime staleSince;
        await using (var c = await Db.OpenAsync())
        {
            staleSince = await c.QuerySingleAsync<DateTime>(
                $"INSERT INTO {JobStorageSetup.PostgresSchema}.lock (resource, updatecount, acquired) VALUES (@resource, 0, NOW()) RETURNING acquired",
                new { resource = Prefix + "recurring-jobs:lock" });
            await c.ExecuteAsync(
                $"INSERT INTO {JobStorageSetup.PostgresSchema}.lock (resource, updatecount, acquired) VALUES (@resource, 0, @staleSince)",
                new { resource = Prefix + "lock:recurring-job:" + PayrollSweeperJob.RecurringId, staleSince });
        }

        // The host starts all the same (registering that job waits for the lock in the background).
        var worker = Start("worker");
        await worker.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        DateTime? created = null;
        Assert.That(await EventuallyAsync(async () =>
        {
            await using var c = await Db.OpenAsync();
            created = await c.QuerySingleOrDefaultAsync<DateTime?>(
                $"SELECT MIN(j.createdat) FROM {JobStorageSetup.PostgresSchema}.job j JOIN {JobStorageSetup.PostgresSchema}.jobparameter p ON p.jobid = j.id WHERE p.name = 'RecurringJobId'");
            return created is not null;
        }, LockTimeout + TimeSpan.FromSeconds(40)), Is.True, "a recurring job ran after the lock timed out");

        var heldFor = created!.Value - staleSince;
        TestContext.Out.WriteLine($"recurring jobs held up for {heldFor.TotalSeconds:0.0} s by the stale lock");
        Assert.That(heldFor, Is.GreaterThanOrEqualTo(LockTimeout - TimeSpan.FromSeconds(1)), "the lock was respected while it was fresh");
        Assert.That(heldFor, Is.LessThan(LockTimeout + TimeSpan.FromSeconds(20)), "and not for much longer than its timeout");
    }
}
