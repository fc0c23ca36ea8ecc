using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
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

        // One key ring for cookies, anti-forgery tokens and TOTP secrets, in the key directory (hosts sharing work share
        // it), sealed with a key derived from the field-key file. The paths are the ones the modules resolved.
        services.AddDataProtection().SetApplicationName("Payroll");
        services.AddOptions<KeyManagementOptions>().Configure<FieldKeyRing, Modules.Kernel.Storage.KeyPaths>((o, fieldKeys, keys) =>
        {
            Modules.Kernel.Storage.DataDirectory.CreatePrivate(keys.KeyRing);
            KeyRingProtection.Configure(o, keys.KeyRing, fieldKeys);
        });
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        // Job storage for enqueuing (every host and the CLI); the Hangfire server is added by the web host for its role.
        // A job created on the dashboard ("Trigger now") carries the account that clicked it.
        services.AddHttpContextAccessor();
        services.AddSingleton<Payroll.Jobs.IDashboardUser, Security.DashboardUser>();
        services.AddPayrollJobStorage(configuration);
        return services;
    }
}
