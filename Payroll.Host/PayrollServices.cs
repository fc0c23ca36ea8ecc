using Hangfire;
using Mediator;
using Payroll.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Payroll.Host.Messaging;
using Payroll.Host.Security;
using Payroll.Host.Security.Accounts;
using Payroll.Modules.BankTransfer;
using Payroll.Modules.Breach;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel;
using Payroll.Modules.Salary;
using Payroll.Modules.Vault;

namespace Payroll.Host;

/// <summary>The composition root: every module, the database, messaging and accounts. Web and CLI share it.</summary>
public static class PayrollServices
{
    /// <summary>Where the database file, job storage, keys and certificate live (<c>Payroll:DataDirectory</c>, default <c>./data</c>).</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Payroll:DataDirectory"] is { Length: > 0 } d ? d : "data");

    /// <summary>The data directory holds the database, keys and certificate: readable by the service account only.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private const string SecurityModule = "Security";

    /// <summary>
    /// Brings the database up to date before anything uses it: every module's migrations, then the reference tables
    /// shipped with this version that are not loaded yet. Safe on every host at every start.
    /// </summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct)
    {
        // The host's own tables first, then the field-key check: a module's code migration may encrypt with the keys,
        // and must never do it with a key file the other hosts do not share.
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(ct, module => module == SecurityModule);
        await FieldKeyCheck.VerifyAsync(
            services.GetRequiredService<IDbConnectionFactory>(), services.GetRequiredService<FieldKeyRing>(), services.GetRequiredService<IClock>(), ct);
        await migrator.MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(
            new Payroll.Modules.Contracts.Salary.LoadShippedReferenceTables(new Payroll.Modules.Contracts.Actor(null, "system:release", [], null, null, null, null)), ct);
    }

    public static IServiceCollection AddPayroll(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = DataDirectory(configuration);
        CreatePrivateDirectory(dataDirectory);

        var databaseOptions = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connections = DbConnectionFactory.Create(databaseOptions, dataDirectory);
        services.AddSingleton<IDbConnectionFactory>(connections);
        services.AddSingleton<IClock, SystemClock>();
        services.AddSingleton<SchemaMigrator>();

        // Accounts (the host's own tables) migrate first; then every module, each with its own tables.
        services.AddSingleton(new ModuleSchema(SecurityModule, "security_", typeof(PayrollServices).Assembly));
        services.AddPersonnel();
        services.AddSalary();
        services.AddBankTransfer();
        services.AddBreach();
        services.AddVault();
        services.Configure<VaultOptions>(configuration.GetSection("Payroll:Vault"));
        services.Configure<Payroll.Modules.Salary.SalaryOptions>(configuration.GetSection("Payroll:Salary"));
        services.Configure<Payroll.Modules.Kernel.Documents.PdfFontOptions>(configuration.GetSection("Payroll:Salary"));
        services.Configure<Payroll.Modules.BankTransfer.BankTransferOptions>(configuration.GetSection("Payroll:Bank"));
        services.PostConfigure<Payroll.Modules.BankTransfer.BankTransferOptions>(o => o.LayoutDirectory = Path.Combine(dataDirectory, o.LayoutDirectory));
        services.Configure<Payroll.Modules.Breach.BreachOptions>(configuration.GetSection("Payroll:Breach"));
        services.AddOptions<Payroll.Modules.Breach.BreachOptions>().Configure<Microsoft.Extensions.Options.IOptions<VaultOptions>>((b, v) => b.TrustedNetworks = v.Value.TrustedNetworks);
        services.PostConfigure<VaultOptions>(o => o.CheckpointFile = Path.Combine(dataDirectory, o.CheckpointFile));

        // Field encryption: keys in a file outside the database (Payroll:Keys:FieldKeyFile).
        var keyFile = configuration["Payroll:Keys:FieldKeyFile"] is { Length: > 0 } f ? f : Path.Combine(dataDirectory, "field-keys.json");
        services.AddSingleton(_ => FieldKeyRing.LoadOrCreate(keyFile));
        services.AddSingleton<FieldCipher>();
        services.AddSingleton<BlindIndex>();

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(MessageLoggingBehavior<,>)];
        });

        // One key ring for cookies, anti-forgery tokens and TOTP secrets; hosts sharing work share this folder.
        var keyRing = configuration["Payroll:DataProtection:KeyRingPath"] is { Length: > 0 } k ? k : Path.Combine(dataDirectory, "keys");
        CreatePrivateDirectory(keyRing);
        services.AddDataProtection()
            .SetApplicationName("Payroll")
            .PersistKeysToFileSystem(new DirectoryInfo(keyRing));

        // Job storage for enqueuing (every host and the CLI); the Hangfire server is added by the web host for its role.
        var jobOptions = configuration.GetSection("Payroll:Jobs").Get<JobStorageOptions>() ?? new JobStorageOptions();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(configuration.GetSection("Payroll:Jobs").Get<ScheduleOptions>()?.TimeZone ?? new ScheduleOptions().TimeZone);
        services.AddHangfire((sp, cfg) => cfg
            .UsePayrollStorage(sp.GetRequiredService<IDbConnectionFactory>(), dataDirectory, jobOptions)
            .UseFilter(new LateRecurringJobFilter(sp.GetRequiredService<ILogger<LateRecurringJobFilter>>(), jobOptions.LateAfter, zone)));

        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddScoped<AccountService>();
        return services;
    }
}
