using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Storage;

namespace Payroll.Jobs;

/// <summary>
/// Job storage for enqueuing, shared by every host and the command line (<c>Payroll:Jobs</c>); a host adds job servers
/// for its role on top of it.
/// </summary>
public static class JobStorageRegistration
{
    public static IServiceCollection AddPayrollJobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = DataDirectory.Of(configuration);
        var jobOptions = configuration.GetSection("Payroll:Jobs").Get<JobStorageOptions>() ?? new JobStorageOptions();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(configuration.GetSection("Payroll:Jobs").Get<ScheduleOptions>()?.TimeZone ?? new ScheduleOptions().TimeZone);
        return services.AddHangfire((sp, cfg) => cfg
            .UsePayrollStorage(sp.GetRequiredService<IDbConnectionFactory>(), dataDirectory, jobOptions)
            .UseFilter(new LateRecurringJobFilter(sp.GetRequiredService<ILogger<LateRecurringJobFilter>>(), jobOptions.LateAfter, zone))
            .UseFilter(new TriggeredByFilter(sp.GetService<IDashboardUser>())));
    }
}
