using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.SignIn;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Kernel.Authorization;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Accounts;

/// <summary>
/// Entry point of the Accounts module: users, roles, server-side sessions, TOTP, account events, and the record of the
/// field-key file the installation encrypts with. The composition calls <see cref="AddAccounts"/>; it binds
/// <c>Payroll:Security</c>. The host supplies <see cref="Kernel.Crypto.ISecretProtector"/> for TOTP secrets.
/// </summary>
public static class AccountsModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "accounts_";

    public const string Name = "Accounts";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleSchema(Name, TablePrefix, typeof(AccountsModule).Assembly)
        {
            Code = [new CodeMigration(Schema.AdoptSecurityTables.Name, _ => new Schema.AdoptSecurityTables())],
        });
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<Totp>();
        services.AddSingleton<SessionOpener>();
        return services;
    }
}
