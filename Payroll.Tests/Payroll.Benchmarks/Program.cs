using System.CommandLine;

namespace Payroll.Benchmarks;

/// <summary>
/// <c>Payroll.Benchmarks NAME [options] [--set Section:Key=value ...]</c>: sizing figures for this machine and database,
/// each into a new, empty database (scripts/bench.sh gives it one on each engine).
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Payroll sizing benchmarks (into a new, empty database only).")
        {
            Bench.Settings,
            VaultBenchmark.Create(),
            PersonnelBenchmark.Create(),
            PayrollBenchmark.Create(),
            BankFileBenchmark.Create(),
            BankRunBenchmark.Create(),
            BreachScopingBenchmark.Create(),
            BreachNoticesBenchmark.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
