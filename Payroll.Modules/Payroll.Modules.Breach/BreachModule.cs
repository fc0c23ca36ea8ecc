using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach;

/// <summary>
/// Entry point of the Breach module: the composition calls <see cref="AddBreach"/>; it binds <c>Payroll:Breach</c>, and takes
/// the organisation's own networks from <c>Payroll:Vault:TrustedNetworks</c> so that scoping and the ledger agree.
/// </summary>
public static class BreachModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "breach_";

    public static IServiceCollection AddBreach(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleSchema("Breach", TablePrefix, typeof(BreachModule).Assembly)
        {
            Code = [new CodeMigration(Schema.SealNoticeTextsMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SealNoticeTextsMigration>(sp))],
            // 0003 sealed the mail servers' answers and the delivery notes kept in clear: their old values are rewritten out of the files.
            Purges = [new SchemaPurge(Schema.SealNoticeTextsMigration.Name, ["breach_notice"])],
        });
        services.AddOptions<BreachOptions>().Bind(configuration.GetSection("Payroll:Breach")).Configure(o =>
        {
            if (configuration.GetSection("Payroll:Vault:TrustedNetworks").Get<List<string>>() is { Count: > 0 } trusted)
            {
                o.TrustedNetworks = trusted;
            }
        });
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<AffectedSetStore>();
        services.AddSingleton<Notices.NoticeStore>();
        services.AddSingleton<Notices.NoticeContext>();
        services.AddSingleton<Notices.SmtpSender>();
        services.TryAddSingleton<Kernel.Documents.PdfFonts>();
        return services;
    }
}
