using Microsoft.AspNetCore.DataProtection;
using Payroll.Host.Security;
using Payroll.Jobs;
using Payroll.Modules.Composition;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Host;

/// <summary>
/// The host's services: the modules (through the composition seam), job storage, and the data-protection key ring that
/// protects cookies, anti-forgery tokens and TOTP secrets. Web and CLI share it.
/// </summary>
public static class PayrollServices
{
    /// <summary>Where the database file, job storage, keys and certificate live (<c>Payroll:DataDirectory</c>, default <c>./data</c>).</summary>
    public static string DataDirectory(IConfiguration configuration) => Modules.Kernel.Storage.DataDirectory.Of(configuration);

    /// <summary>Migrates every module and loads the shipped reference tables (<see cref="PayrollModules.PrepareDatabaseAsync"/>).</summary>
    public static Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct) => PayrollModules.PrepareDatabaseAsync(services, ct);

    public static IServiceCollection AddPayroll(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPayrollModules(configuration);

        // One key ring for cookies, anti-forgery tokens and TOTP secrets; hosts sharing work share this folder.
        var keyRing = configuration["Payroll:DataProtection:KeyRingPath"] is { Length: > 0 } k ? k : Path.Combine(DataDirectory(configuration), "keys");
        Modules.Kernel.Storage.DataDirectory.CreatePrivate(keyRing);
        services.AddDataProtection()
            .SetApplicationName("Payroll")
            .PersistKeysToFileSystem(new DirectoryInfo(keyRing));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        // Job storage for enqueuing (every host and the CLI); the Hangfire server is added by the web host for its role.
        services.AddPayrollJobStorage(configuration);
        return services;
    }
}
