using Microsoft.Extensions.Configuration;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Payroll.Host;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Tests.Support;

/// <summary>The composed services without a web server, against a fresh database of each engine.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public abstract class DatabaseFixture(string provider)
{
    protected string ProviderName { get; } = provider;

    protected TestDatabase Database { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    protected TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Extra configuration (<c>--Key=value</c>) for the fixture's services.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        Database = await TestDatabase.CreateAsync(ProviderName);
        Services = BuildServices(Database, Clock, ExtraArgs);
    }

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    public static ServiceProvider BuildServices(
        TestDatabase database, IClock? clock = null, IEnumerable<string>? extraArgs = null, Action<IServiceCollection>? configure = null) =>
        BuildServices([.. database.ConfigArgs(), .. extraArgs ?? []], clock, configure);

    /// <summary>The composed services for the database (and settings) that <paramref name="configArgs"/> name.</summary>
    public static ServiceProvider BuildServices(IEnumerable<string> configArgs, IClock? clock = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine([.. configArgs]).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPayroll(configuration);
        if (clock is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(clock));
        }

        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    protected SchemaMigrator Migrator => Services.GetRequiredService<SchemaMigrator>();

    protected IDbConnectionFactory Db => Services.GetRequiredService<IDbConnectionFactory>();

    /// <summary>Sends a message through the real pipeline, in its own scope, as a page or job would.</summary>
    protected Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request) =>
        Services.SendInScopeAsync(request);

    /// <summary>Saves a person and has a second HR clerk approve it when it waits for four eyes; the person's id.</summary>
    protected Task<long> SaveApprovedAsync(Payroll.Modules.Contracts.Personnel.SaveEmployee save) => Services.SaveApprovedAsync(save);

    /// <summary>Changes a person and has a second HR clerk approve it when it waits for four eyes; the person's id.</summary>
    protected Task<long> ChangeApprovedAsync(Payroll.Modules.Contracts.Personnel.ChangeEmployee change) => Services.ChangeApprovedAsync(change);

    /// <summary>Imports people and has a second HR clerk approve the import's pending batch.</summary>
    protected Task<Payroll.Modules.Contracts.Personnel.EmployeeImportResult> ImportApprovedAsync(Payroll.Modules.Contracts.Personnel.ImportEmployees import) =>
        Services.ImportApprovedAsync(import);
}
