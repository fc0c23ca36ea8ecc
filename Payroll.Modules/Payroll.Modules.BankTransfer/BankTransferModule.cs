using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.BankTransfer.Generation;
using Payroll.Modules.BankTransfer.Profiles;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.BankTransfer;

/// <summary>Entry point of the BankTransfer module: the host calls <see cref="AddBankTransfer"/> and nothing else.</summary>
public static class BankTransferModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "banktransfer_";

    public static IServiceCollection AddBankTransfer(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleSchema("BankTransfer", TablePrefix, typeof(BankTransferModule).Assembly));
        services.AddOptions<BankTransferOptions>();
        services.AddSingleton<BankProfiles>();
        services.AddSingleton<PayerProfileStore>();
        services.AddScoped<BankFilePlanner>();
        services.AddScoped<BankFileGenerator>();
        return services;
    }
}
