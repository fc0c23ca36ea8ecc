using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Jobs;
using Payroll.Tests.Host;

namespace Payroll.Tests.Jobs;

/// <summary>Worker counts per kind of work: a host can be given, say, four notice workers and one payroll worker, or a queue not at all.</summary>
public sealed class JobServerTopologyTests
{
    [Test]
    public void WithoutPerQueueCounts_OneServerTakesEveryQueue()
    {
        var servers = JobStorageSetup.Servers(new Dictionary<string, int>(), 3, "host");

        Assert.That(servers.Single().Queues, Is.EqualTo(JobQueues.All));
        Assert.That(servers.Single().WorkerCount, Is.EqualTo(3));
    }

    [Test]
    public void PerQueueCounts_OneServerPerQueue_AQueueGivenNoneIsLeftToOtherHosts()
    {
        var servers = JobStorageSetup.Servers(new Dictionary<string, int> { ["notices"] = 4, ["payroll"] = 1, ["maintenance"] = 0 }, 2, "host");

        Assert.That(servers.Select(s => (s.Queues.Single(), s.WorkerCount)), Is.EqualTo(new[] { ("payroll", 1), ("notices", 4) }));
        Assert.That(servers.Select(s => s.ServerName), Is.Unique);
    }

    [Test]
    public void AnUnknownQueueOrNoWorkerAtAll_IsRefused_NamingTheSetting()
    {
        var unknown = Assert.Throws<ArgumentException>(() => JobStorageSetup.Servers(new Dictionary<string, int> { ["notice"] = 2 }, 2, "host"));
        Assert.That(unknown!.Message, Does.Contain("Payroll:Jobs:Queues").And.Contain("notice"));
        Assert.Throws<ArgumentException>(() => JobStorageSetup.Servers(new Dictionary<string, int> { ["payroll"] = 0 }, 2, "host"));
    }
}

/// <summary>A worker host started with per-queue counts registers one Hangfire server per queue it takes.</summary>
public sealed class WorkerHostQueuesTests(string provider) : HostFixture(provider)
{
    protected override string Role => "worker";

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Jobs:Queues:notices=3", "--Payroll:Jobs:Queues:payroll=1"];

    [Test]
    public async Task RegistersOneServerPerQueue_WithItsWorkers()
    {
        var monitoring = Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var i = 0; i < 100 && monitoring.Servers().Count < 2; i++)
        {
            await Task.Delay(100);
        }

        var servers = monitoring.Servers().Select(s => (Queue: s.Queues.Single(), s.WorkersCount)).OrderBy(s => s.Queue, StringComparer.Ordinal).ToList();
        Assert.That(servers, Is.EqualTo(new[] { ("notices", 3), ("payroll", 1) }));
    }
}
