using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Kernel.Storage;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Vault.Ledger;

namespace Payroll.Modules.Vault;

/// <summary>
/// Entry point of the Vault: the encrypted document store, download grants, and the access ledger and change log.
/// The composition calls <see cref="AddVault"/>, which binds <see cref="VaultOptions"/> from <c>Payroll:Vault</c>.
/// </summary>
public static class VaultModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "vault_";

    public static IServiceCollection AddVault(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleSchema("Vault", TablePrefix, typeof(VaultModule).Assembly)
        {
            // The ledger: the application appends to it and reads it, nothing else (on PostgreSQL with a migration role).
            InsertOnlyTables = ["vault_access", "vault_access_subject", "vault_change", "vault_document_subject", "vault_checkpoint"],
        });
        services.AddOptions<VaultOptions>().Bind(configuration.GetSection("Payroll:Vault"))
            .PostConfigure<KeyPaths>((o, keys) => o.CheckpointFile = keys.CheckpointFile);
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<DocumentKindLookup>();
        return services;
    }
}
