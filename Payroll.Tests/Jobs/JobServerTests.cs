using System.Collections.Concurrent;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Jobs;
using Payroll.Tests.Host;

namespace Payroll.Tests.Jobs;

/// <summary>Hangfire on each engine's storage (SQLite file, PostgreSQL schema): a job enqueued is run by the host's server.</summary>
public sealed class JobServerTests(string provider) : HostFixture(provider)
{
    protected override string Role => "all";

    [Test]
    public async Task EnqueuedJob_RunsToSucceeded_OnThisEnginesStorage()
    {
        var marker = Guid.NewGuid();
        var client = Host.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = client.Create<ProbeJob>(j => j.Run(marker, CancellationToken.None), new EnqueuedState(JobQueues.Maintenance));

        var storage = Host.Services.GetRequiredService<JobStorage>();
        string? state = null;
        for (var i = 0; i < 300 && state != SucceededState.StateName; i++)
        {
            await Task.Delay(100);
            using var connection = storage.GetConnection();
            state = connection.GetStateData(jobId)?.Name;
        }

        Assert.That(state, Is.EqualTo(SucceededState.StateName));
        Assert.That(ProbeJob.Seen, Does.ContainKey(marker));
        Assert.That(storage.GetMonitoringApi().Servers().Select(s => s.Queues), Has.Some.Contains(JobQueues.Payroll));
    }

    [Test]
    public void RecurringJobs_AreRegisteredAtStart_InTaipeiTime()
    {
        using var connection = Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection);
        Assert.That(recurring.Select(r => r.Id), Is.SupersetOf(new[] { "vault-document-retention", "vault-audit-checkpoint", "payroll-monthly", "payroll-sweeper" }));
        Assert.That(recurring.Single(r => r.Id == "payroll-monthly").Cron, Is.EqualTo("0 6 20 * *"), "the 20th at 06:00, for the next month");
        Assert.That(recurring.Select(r => r.TimeZoneId).Distinct(), Is.EqualTo(new[] { "Asia/Taipei" }));
    }

    [Test]
    public void JobArguments_AreVisibleInStorage_SoTheyMustBeIdsOnly()
    {
        // Why rule 6 exists: Hangfire keeps arguments in clear text and shows them on the dashboard.
        var marker = Guid.NewGuid();
        var jobId = Host.Services.GetRequiredService<IBackgroundJobClient>()
            .Create<ProbeJob>(j => j.Run(marker, CancellationToken.None), new ScheduledState(TimeSpan.FromDays(1)));
        using var connection = Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var data = connection.GetJobData(jobId);
        Assert.That(data.Job.Args[0], Is.EqualTo(marker));
    }

    public sealed class ProbeJob
    {
        public static readonly ConcurrentDictionary<Guid, bool> Seen = new();

        public void Run(Guid marker, CancellationToken cancellationToken) => Seen[marker] = true;
    }
}

public sealed class HostRoleTests
{
    [TestCase("all", true, true)]
    [TestCase("web", false, true)]
    [TestCase("worker", true, false)]
    public void Role_DecidesJobsAndWeb(string value, bool jobs, bool web)
    {
        var role = HostRoles.Parse(value);
        Assert.That(role.RunsJobs(), Is.EqualTo(jobs));
        Assert.That(role.ServesWeb(), Is.EqualTo(web));
    }

    [Test]
    public void UnknownRole_IsAClearError() =>
        Assert.That(Assert.Throws<ArgumentException>(() => HostRoles.Parse("both"))!.Message, Does.Contain("--role must be web, worker or all"));
}
