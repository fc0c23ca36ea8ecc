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
    public static IServiceCollection AddPayroll(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPayrollModules(configuration);

        // One key ring for cookies, anti-forgery tokens and TOTP secrets; hosts sharing work share this folder.
        var keyRing = configuration["Payroll:DataProtection:KeyRingPath"] is { Length: > 0 } k ? k : Modules.Kernel.Storage.DataDirectory.Resolve(configuration, "keys");
        Modules.Kernel.Storage.DataDirectory.CreatePrivate(keyRing);
        services.AddDataProtection()
            .SetApplicationName("Payroll")
            .PersistKeysToFileSystem(new DirectoryInfo(keyRing));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        // Job storage for enqueuing (every host and the CLI); the Hangfire server is added by the web host for its role.
        // A job created on the dashboard ("Trigger now") carries the account that clicked it.
        services.AddHttpContextAccessor();
        services.AddSingleton<Payroll.Jobs.IDashboardUser, Security.DashboardUser>();
        services.AddPayrollJobStorage(configuration);
        return services;
    }
}
