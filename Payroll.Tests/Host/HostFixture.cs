using Payroll.Tests.Support;

namespace Payroll.Tests.Host;

/// <summary>A host per fixture and engine: every database test runs once on SQLite and once on PostgreSQL.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public abstract class HostFixture(string provider)
{
    protected TestDatabase Database { get; private set; } = null!;

    protected TestHost Host { get; private set; } = null!;

    protected virtual string Role => "web";

    protected virtual IEnumerable<string> ExtraArgs => [];

    protected virtual Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? MapEndpoints => null;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Host = await TestHost.StartAsync(Database, Role, ExtraArgs, MapEndpoints);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>Unique per call, so tests in one fixture do not share accounts.</summary>
    /// <summary>Sends a message through the host's pipeline, in its own scope.</summary>
    protected Task<T> SendAsync<T>(Mediator.IRequest<T> request) =>
        Host.Services.SendInScopeAsync(request);

    /// <summary>Saves a person and has a second HR clerk approve it when it waits for four eyes; the person's id.</summary>
    protected Task<long> SaveApprovedAsync(Payroll.Modules.Contracts.Personnel.SaveEmployee save) => Host.Services.SaveApprovedAsync(save);

    protected static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
