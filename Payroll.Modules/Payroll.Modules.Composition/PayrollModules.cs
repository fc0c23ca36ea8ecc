using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.BankTransfer;
using Payroll.Modules.Contracts;
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

        // Field encryption: keys in a file outside the database (Payroll:Keys:FieldKeyFile).
        var keyFile = configuration["Payroll:Keys:FieldKeyFile"] is { Length: > 0 } f ? f : Path.Combine(dataDirectory, "field-keys.json");
        services.AddSingleton(_ => FieldKeyRing.LoadOrCreate(keyFile));
        services.AddSingleton<FieldCipher>();
        services.AddSingleton<BlindIndex>();
        services.AddOptions<PdfFontOptions>().Bind(configuration.GetSection("Payroll:Salary"));

        services.AddPersonnel();
        services.AddSalary(configuration);
        services.AddBankTransfer(configuration);
        services.AddBreach(configuration);
        services.AddVault(configuration);

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(MessageLoggingBehavior<,>)];
        });
        return services;
    }

    /// <summary>
    /// Brings the database up to date before anything uses it: <paramref name="first"/> (the host's own tables and checks),
    /// then every module's migrations, then the reference tables shipped with this version that are not loaded yet. Safe on
    /// every host at every start.
    /// </summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct, Func<SchemaMigrator, Task>? first = null)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        if (first is not null)
        {
            await first(migrator);
        }

        await migrator.MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new LoadShippedReferenceTables(Actor.Release), ct);
    }
}
