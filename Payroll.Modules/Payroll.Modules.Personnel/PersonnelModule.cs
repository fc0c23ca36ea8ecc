using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel;

/// <summary>Entry point of the Personnel module: paying units, people and their history, bank codes, appraisals.</summary>
public static class PersonnelModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "personnel_";

    public static IServiceCollection AddPersonnel(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleSchema("Personnel", TablePrefix, typeof(PersonnelModule).Assembly)
        {
            Code =
            [
                new CodeMigration(Schema.SealNamesMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SealNamesMigration>(sp)),
                new CodeMigration(Schema.SealReasonsMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SealReasonsMigration>(sp)),
                new CodeMigration(Schema.SaltNameTermsMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SaltNameTermsMigration>(sp)),
            ],
            // 0005 dropped the clear names, romanised names and birth dates, 0009 sealed the reasons and notes people
            // typed, 0010 salted the name terms: their old values are rewritten out of the files.
            Purges =
            [
                new SchemaPurge("0005_drop_clear_names", ["personnel_employee_version"]),
                new SchemaPurge(Schema.SealReasonsMigration.Name, ["personnel_employee_version", "personnel_pending_change"]),
                new SchemaPurge(Schema.SaltNameTermsMigration.Name, ["personnel_employee_version"]),
            ],
        });
        services.AddSingleton<EmployeeVersions>();
        services.AddSingleton<PendingChangeStore>();
        services.AddSingleton<NameTerms>();
        services.AddSingleton<Appraisals.AppraisalWriter>();
        services.AddSingleton<Discipline.DisciplineWriter>();
        return services;
    }
}
