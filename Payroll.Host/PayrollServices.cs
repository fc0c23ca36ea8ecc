using Payroll.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Payroll.Host.Security;
using Payroll.Host.Security.Accounts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Composition;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host;

/// <summary>
/// The host's services: the modules (through the composition seam), job storage, the data-protection key ring and
/// accounts. Web and CLI share it.
/// </summary>
public static class PayrollServices
{
    /// <summary>Where the database file, job storage, keys and certificate live (<c>Payroll:DataDirectory</c>, default <c>./data</c>).</summary>
    public static string DataDirectory(IConfiguration configuration) => Modules.Kernel.Storage.DataDirectory.Of(configuration);

    public static void CreatePrivateDirectory(string path) => Modules.Kernel.Storage.DataDirectory.CreatePrivate(path);

    private const string SecurityModule = "Security";

    /// <summary>
    /// Brings the database up to date before anything uses it: every module's migrations, then the reference tables
    /// shipped with this version that are not loaded yet. Safe on every host at every start.
    /// </summary>
    public static Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct) =>
        PayrollModules.PrepareDatabaseAsync(services, ct, async migrator =>
        {
            // The host's own tables first, then the field-key check: a module's code migration may encrypt with the keys,
            // and must never do it with a key file the other hosts do not share.
            await migrator.MigrateAsync(ct, module => module == SecurityModule);
            await FieldKeyCheck.VerifyAsync(
                services.GetRequiredService<IDbConnectionFactory>(), services.GetRequiredService<FieldKeyRing>(), services.GetRequiredService<IClock>(), ct);
        });

    public static IServiceCollection AddPayroll(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = DataDirectory(configuration);
        services.AddPayrollModules(configuration);

        // Accounts (the host's own tables) migrate first; then every module, each with its own tables.
        services.AddSingleton(new ModuleSchema(SecurityModule, "security_", typeof(PayrollServices).Assembly));

        // One key ring for cookies, anti-forgery tokens and TOTP secrets; hosts sharing work share this folder.
        var keyRing = configuration["Payroll:DataProtection:KeyRingPath"] is { Length: > 0 } k ? k : Path.Combine(dataDirectory, "keys");
        CreatePrivateDirectory(keyRing);
        services.AddDataProtection()
            .SetApplicationName("Payroll")
            .PersistKeysToFileSystem(new DirectoryInfo(keyRing));

        // Job storage for enqueuing (every host and the CLI); the Hangfire server is added by the web host for its role.
        services.AddPayrollJobStorage(configuration);

        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddScoped<AccountService>();
        return services;
    }
}
