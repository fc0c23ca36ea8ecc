using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Payroll.Modules.Accounts;
using Payroll.Modules.BankTransfer;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Breach;
using Payroll.Modules.Composition.Messaging;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Documents;
using Payroll.Modules.Kernel.Storage;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel;
using Payroll.Modules.Salary;
using Payroll.Modules.Vault;

namespace Payroll.Modules.Composition;

/// <summary>
/// The composition seam (docs/architecture.md, "Seams"): the shared kernel services, every module with its own settings,
/// and the mediator with its pipeline behaviours. Whoever hosts the modules — the web host, the command line, the
/// benchmarks, the tests — calls <see cref="AddPayrollModules"/> and then talks to them through contracts only.
/// </summary>
public static class PayrollModules
{
    public static IServiceCollection AddPayrollModules(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = DataDirectory.Of(configuration);
        DataDirectory.CreatePrivate(dataDirectory);

        var databaseOptions = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton<IDbConnectionFactory>(DbConnectionFactory.Create(databaseOptions, dataDirectory));
        services.AddSingleton<IClock, SystemClock>();
        services.AddSingleton<SchemaMigrator>();

        // Keys apart from the data (Payroll:KeyDirectory), owner-only, or nothing starts. Field encryption: the key file
        // there (Payroll:Keys:FieldKeyFile names another).
        var keys = KeyDirectory.Resolve(configuration);
        KeyDirectory.EnsurePrivate(keys);
        services.AddSingleton(keys);
        services.AddSingleton(_ => FieldKeyRing.LoadOrCreate(keys.FieldKeyFile));
        services.AddSingleton<FieldCipher>();
        services.AddSingleton<BlindIndex>();
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section))
            .Validate(o => o.MaxWorkbookUnpackedMiB > 0 && o.MaxWorkbookEntries > 0, $"{UploadOptions.Section}: MaxWorkbookUnpackedMiB and MaxWorkbookEntries are positive numbers.")
            .ValidateOnStart();
        services.AddOptions<PdfFontOptions>().Bind(configuration.GetSection("Payroll:Salary"));

        // Accounts first: their tables are migrated before any other module's (see PrepareDatabaseAsync).
        services.AddAccounts(configuration);
        services.AddPersonnel();
        services.AddSalary(configuration);
        services.AddBankTransfer(configuration);
        services.AddBreach(configuration);
        services.AddVault(configuration);

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(MessageLoggingBehavior<,>), typeof(AuthorizationBehavior<,>), typeof(WorkbookLimitBehavior<,>)];
        });
        return services;
    }

    /// <summary>
    /// Brings the database up to date before anything uses it: the Accounts module's tables, then the check that this
    /// host has the installation's field-key file (a module's code migration may encrypt with the keys, and must never do
    /// it with a file the other hosts do not share), then every other module's migrations, then the reference tables
    /// shipped with this version that are not loaded yet. Safe on every host at every start.
    /// </summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct)
    {
        var keyLog = services.GetRequiredService<ILoggerFactory>().CreateLogger("Payroll.Keys");
        foreach (var warning in services.GetRequiredService<KeyPaths>().Warnings)
        {
            keyLog.LogWarning("{Warning}", warning);
        }

        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(ct, module => module == AccountsModule.Name);
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        await sender.Send(new VerifyFieldKeyFile(Actor.Release), ct);
        await migrator.MigrateAsync(ct);
        await sender.Send(new LoadShippedReferenceTables(Actor.Release), ct);
    }
}
