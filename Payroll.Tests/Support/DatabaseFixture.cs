using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Payroll.Host;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Support;

/// <summary>The composed services without a web server, against a fresh database of each engine.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public abstract class DatabaseFixture(string provider)
{
    protected string ProviderName { get; } = provider;

    protected TestDatabase Database { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        Database = await TestDatabase.CreateAsync(ProviderName);
        Services = BuildServices(Database);
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

    public static ServiceProvider BuildServices(TestDatabase database)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(database.ConfigArgs().ToArray()).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPayroll(configuration);
        return services.BuildServiceProvider();
    }

    protected SchemaMigrator Migrator => Services.GetRequiredService<SchemaMigrator>();

    protected IDbConnectionFactory Db => Services.GetRequiredService<IDbConnectionFactory>();
}
