using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault;

/// <summary>Entry point of the Vault module: the host calls <see cref="AddVault"/> and nothing else.</summary>
public static class VaultModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "vault_";

    public static IServiceCollection AddVault(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleSchema("Vault", TablePrefix, typeof(VaultModule).Assembly));
        return services;
    }
}
