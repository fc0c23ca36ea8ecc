using Dapper;
using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Resilience;

/// <summary>
/// Faults with real processes: worker and web hosts (<c>Payroll.Host serve</c>) started, stopped (SIGTERM) and killed
/// (SIGKILL) against one database, which the test reads and drives in-process. Every wait is bounded. Hosts use the
/// real clock; so does the test.
/// </summary>
[Category("Resilience")]
public abstract class ResilienceFixture(string provider)
{
    protected static readonly Actor Cli = TestActors.Staff;

    private readonly List<HostProcess> _hosts = [];
    private TestDatabase? _database;

    protected string ProviderName { get; } = provider;

    /// <summary>Configuration that points a host at the database.</summary>
    protected IReadOnlyList<string> DatabaseArgs { get; private set; } = [];

    /// <summary>Settings for the hosts and the test's own services alike.</summary>
    protected virtual IEnumerable<string> Settings => [];

    protected ServiceProvider Services { get; private set; } = null!;

    protected IDbConnectionFactory Db => Services.GetRequiredService<IDbConnectionFactory>();

    protected JobStorage Jobs => Services.GetRequiredService<JobStorage>();

    /// <summary>The database: by default a fresh one on the test cluster (or a SQLite file).</summary>
    protected virtual async Task<IReadOnlyList<string>> OpenDatabaseAsync()
    {
        _database = await TestDatabase.CreateAsync(ProviderName);
        return [.. _database.ConfigArgs()];
    }

    /// <summary>How the test's own services reach the database (by default as the hosts do).</summary>
    protected virtual IEnumerable<string> OwnArgs(IReadOnlyList<string> databaseArgs) => databaseArgs;

    protected virtual ValueTask CloseDatabaseAsync() => _database?.DisposeAsync() ?? ValueTask.CompletedTask;

    [OneTimeSetUp]
    public async Task OpenAsync()
    {
        DatabaseArgs = await OpenDatabaseAsync();
        Services = DatabaseFixture.BuildServices([.. OwnArgs(DatabaseArgs), .. Settings]);
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
    }

    [TearDown]
    public void StopHosts()
    {
        foreach (var host in _hosts)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                TestContext.Out.WriteLine($"--- host {host.Id} ---\n{host.Output}");
            }

            host.Dispose();
        }

        _hosts.Clear();
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        StopHosts();
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        await CloseDatabaseAsync();
    }

    /// <summary>A host of <paramref name="role"/> on a loopback port, with the fixture's settings and <paramref name="extra"/>.</summary>
    protected HostProcess Start(string role, params string[] extra)
    {
        var host = HostProcess.Serve(role, [.. DatabaseArgs, .. Settings, "--Serilog:MinimumLevel:Default=Warning", .. extra]);
        _hosts.Add(host);
        return host;
    }

    protected Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request) =>
        Services.SendInScopeAsync(request);

    /// <summary>Polls <paramref name="condition"/> until it holds; false when <paramref name="timeout"/> passes first.</summary>
    protected static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, int pollMilliseconds = 250)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(pollMilliseconds);
        }

        return await condition();
    }

    protected async Task SeedPeopleAsync(int units, int people, int seed = 8)
    {
        await SendAsync(new SeedDemoUnits(units, seed, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, people, seed, TestActors.Staff));
    }

    /// <summary>
    /// The totals of <paramref name="period"/> calculated here, in-process and uninterrupted (the run is then cancelled,
    /// so the run under test is the month's only live one).
    /// </summary>
    protected async Task<RunTotals> UninterruptedTotalsAsync(string period)
    {
        var reference = await SendAsync(new StartPayrollRun(period, RunKind.Regular, [], Cli));
        foreach (var chunk in reference.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(reference.RunId, 1, chunk, TestActors.Chunk));
        }

        var totals = (await SendAsync(new GetPayrollRunSummary(reference.RunId, TestActors.Staff)))!.Totals;
        await SendAsync(new CancelPayrollRun(reference.RunId, "reference for a fault test", Cli));
        return totals;
    }

    protected async Task<(long Done, long Total)> ChunksAsync(long runId)
    {
        await using var c = await Db.OpenAsync();
        return await c.QuerySingleAsync<(long Done, long Total)>(
            "SELECT COALESCE(SUM(CASE WHEN state = 'Done' THEN 1 ELSE 0 END), 0), COUNT(*) FROM salary_run_chunk WHERE run_id = @runId", new { runId });
    }

    /// <summary>The run is calculated, with the uninterrupted run's totals and exactly one payslip per person.</summary>
    protected async Task AssertCompleteAsync(long runId, RunTotals expected)
    {
        var done = (await SendAsync(new GetPayrollRunSummary(runId, TestActors.Staff)))!;
        Assert.That(done.State, Is.EqualTo(RunState.Calculated));
        Assert.That(done.Totals, Is.EqualTo(expected), "the totals of the uninterrupted run");
        await using var c = await Db.OpenAsync();
        var (rows, people) = await c.QuerySingleAsync<(long Rows, long People)>(
            "SELECT COUNT(*), COUNT(DISTINCT employee_id) FROM salary_payslip WHERE run_id = @runId", new { runId });
        Assert.That(rows, Is.EqualTo(people), "exactly one payslip per person");
        Assert.That(people, Is.EqualTo(expected.People + expected.Exceptions), "everyone of the run");
    }

    protected async Task<RunState> StateAsync(long runId) => (await SendAsync(new GetPayrollRunSummary(runId, TestActors.Staff)))!.State;
}
