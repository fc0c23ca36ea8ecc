using Payroll.Host.Cli;

namespace Payroll.Host;

/// <summary>One executable: <c>payroll serve</c> (the default), <c>migrate</c>, <c>user ...</c>.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => PayrollCli.RunAsync(args);
}
