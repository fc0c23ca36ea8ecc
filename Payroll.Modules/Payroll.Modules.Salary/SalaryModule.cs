using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Runs;

namespace Payroll.Modules.Salary;

/// <summary>Entry point of the Salary module: the composition calls <see cref="AddSalary"/>; it binds <c>Payroll:Salary</c>.</summary>
public static class SalaryModule
{
    /// <summary>Every table of this module starts with this prefix (architecture rule 3).</summary>
    public const string TablePrefix = "salary_";

    public static IServiceCollection AddSalary(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleSchema("Salary", TablePrefix, typeof(SalaryModule).Assembly)
        {
            Code =
            [
                new CodeMigration(Schema.SealPayslipsMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SealPayslipsMigration>(sp)),
                new CodeMigration(Schema.SealDeductionsMigration.Name, sp => ActivatorUtilities.CreateInstance<Schema.SealDeductionsMigration>(sp)),
            ],
            // 0012 dropped the clear amounts and the table of lines, 0015 the deductions' amounts and debts: their old
            // values are rewritten out of the files.
            Purges = [new SchemaPurge("0012_drop_clear_pay", ["salary_payslip"]), new SchemaPurge("0015_drop_clear_deductions", ["salary_standing_deduction"])],
        });
        services.AddSingleton<Payslips.PayslipSeal>();
        services.AddSingleton<Deductions.DeductionSeal>();
        services.AddOptions<SalaryOptions>().Bind(configuration.GetSection("Payroll:Salary"));
        services.AddSingleton<RunPlanner>();
        services.AddScoped<RunCompletion>();
        services.AddScoped<Payslips.PayslipReader>();
        services.TryAddSingleton<Kernel.Documents.PdfFonts>();
        services.AddScoped<Registers.RegisterReader>();
        services.AddScoped<Costs.EmployerCostReader>();
        services.AddSingleton<Tables.ReferenceTableLoader>();
        return services;
    }
}
