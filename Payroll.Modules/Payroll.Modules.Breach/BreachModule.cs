using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach;

/// <summary>Entry point of the Breach module: the host calls <see cref="AddBreach"/> and nothing else.</summary>
public static class BreachModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "breach_";

    public static IServiceCollection AddBreach(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleSchema("Breach", TablePrefix, typeof(BreachModule).Assembly));
        services.AddOptions<BreachOptions>();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<AffectedSetStore>();
        services.AddSingleton<Notices.NoticeStore>();
        services.AddSingleton<Notices.NoticeContext>();
        services.AddSingleton<Notices.SmtpSender>();
        services.TryAddSingleton<Kernel.Documents.PdfFonts>();
        return services;
    }
}
