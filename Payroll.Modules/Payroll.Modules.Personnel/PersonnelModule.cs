using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel;

/// <summary>Entry point of the Personnel module: the host calls <see cref="AddPersonnel"/> and nothing else.</summary>
public static class PersonnelModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "personnel_";

    public static IServiceCollection AddPersonnel(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleSchema("Personnel", TablePrefix, typeof(PersonnelModule).Assembly));
        return services;
    }
}
