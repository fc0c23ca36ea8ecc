using System.Reflection;
using Payroll.Modules.Accounts;
using Payroll.Modules.BankTransfer;
using Payroll.Modules.Breach;
using Payroll.Modules.Personnel;
using Payroll.Modules.Salary;
using Payroll.Modules.Vault;

namespace Payroll.Tests.Architecture;

/// <summary>The module list every architecture rule runs over (docs/architecture.md, "The rules and their tests").</summary>
public static class Solution
{
    public sealed record Module(string Name, string TablePrefix, Assembly Assembly, bool MayUseWorkbooks)
    {
        public string ProjectDirectory => Path.Combine(RepositoryRoot, "Payroll.Modules", Assembly.GetName().Name!);

        public override string ToString() => Name;
    }

    public static readonly Module[] Modules =
    [
        new("Personnel", PersonnelModule.TablePrefix, typeof(PersonnelModule).Assembly, MayUseWorkbooks: true),
        new("Salary", SalaryModule.TablePrefix, typeof(SalaryModule).Assembly, MayUseWorkbooks: true),
        new("BankTransfer", BankTransferModule.TablePrefix, typeof(BankTransferModule).Assembly, MayUseWorkbooks: false),
        new("Breach", BreachModule.TablePrefix, typeof(BreachModule).Assembly, MayUseWorkbooks: true),
        new("Vault", VaultModule.TablePrefix, typeof(VaultModule).Assembly, MayUseWorkbooks: false),
        new("Accounts", AccountsModule.TablePrefix, typeof(AccountsModule).Assembly, MayUseWorkbooks: false),
    ];

    public static readonly Assembly Contracts = typeof(Payroll.Modules.Contracts.ContractsAssembly).Assembly;

    public static readonly Assembly Kernel = typeof(Payroll.Modules.Kernel.Db.IDbConnectionFactory).Assembly;

    public static readonly Assembly Jobs = typeof(Payroll.Jobs.JobQueues).Assembly;

    public static readonly Assembly Host = typeof(Payroll.Host.PayrollWebApp).Assembly;

    public static readonly Assembly Composition = typeof(Payroll.Modules.Composition.PayrollModules).Assembly;

    /// <summary>The host's edge folders and the module each one fronts (Audit is the Vault's).</summary>
    public static readonly (string Folder, string Module)[] Edges =
        [("Personnel", "Personnel"), ("Salary", "Salary"), ("BankTransfer", "BankTransfer"), ("Breach", "Breach"), ("Audit", "Vault"), ("Accounts", "Accounts")];

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Payroll.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Payroll.slnx not found above " + AppContext.BaseDirectory);
    }
}
