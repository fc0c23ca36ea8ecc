using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.BankTransfer.Generation;
using Payroll.Modules.BankTransfer.Profiles;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Storage;

namespace Payroll.Modules.BankTransfer;

/// <summary>Entry point of the BankTransfer module: the composition calls <see cref="AddBankTransfer"/>; it binds <c>Payroll:Bank</c>.</summary>
public static class BankTransferModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "banktransfer_";

    public static IServiceCollection AddBankTransfer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleSchema("BankTransfer", TablePrefix, typeof(BankTransferModule).Assembly)
        {
            Code = [new CodeMigration(Schema.SealCreditsMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SealCreditsMigration>(sp))],
            // 0004 dropped the clear amounts and account digits: their old values are rewritten out of the files.
            Purges = [new SchemaPurge("0004_drop_clear_credits", ["banktransfer_payment", "banktransfer_hold"])],
        });
        services.AddSingleton<CreditSeal>();
        services.AddOptions<BankTransferOptions>().Bind(configuration.GetSection("Payroll:Bank"))
            .PostConfigure(o => o.LayoutDirectory = DataDirectory.Resolve(configuration, o.LayoutDirectory));
        services.AddSingleton<BankProfiles>();
        services.AddSingleton<PayerProfileStore>();
        services.AddScoped<BankFilePlanner>();
        services.AddScoped<BankFileGenerator>();
        return services;
    }
}
