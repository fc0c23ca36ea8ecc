using System.CommandLine;
using System.Globalization;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Payroll.Jobs;
using Payroll.Jobs.Payroll;
using Payroll.Modules.Composition;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Benchmarks;

/// <summary>What a benchmark works with: the composed modules' sender and scopes, and the engine it runs on.</summary>
internal sealed class Bench(IServiceProvider services)
{
    public IServiceProvider Services { get; } = services;

    public ISender Sender { get; } = services.GetRequiredService<ISender>();

    public IServiceScopeFactory Scopes { get; } = services.GetRequiredService<IServiceScopeFactory>();

    public bool Postgres { get; } = services.GetRequiredService<IDbConnectionFactory>().Provider == DatabaseProvider.Postgres;

    public string Engine => Postgres ? "postgres" : "sqlite";

    /// <summary>Chunks calculated at once, as a worker host would.</summary>
    public int Workers => LocalRunCalculation.DefaultWorkers(Postgres);

    /// <summary>One figure: <c>BENCH name value unit</c>.</summary>
    public static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH {name} {value:0.###} {unit}"));

    /// <summary><c>--set Section:Key=value</c> on every verb, after environment variables (<c>Payroll__DataDirectory</c>).</summary>
    public static readonly Option<string[]> Settings = new("--set")
    {
        Description = "Override a setting, Section:Key=value (repeat for several).",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// A benchmark verb, strict like the product's command line (an unknown option is an error, not a silent default).
    /// The modules are composed as the host composes them, the database is migrated, then <paramref name="run"/> measures.
    /// </summary>
    public static Command Verb(string name, string description, Func<ParseResult, Bench, CancellationToken, Task<int>> run, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. (parse.GetValue(Settings) ?? []).Select(s => "--" + s)], DisableDefaults = false });
            // The benchmarks pay from the shipped tables, like the demo: approving acknowledges them (unless --set says otherwise).
            builder.Configuration["Payroll:Salary:AllowUnverifiedTables"] ??= "true";
            builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddPayrollModules(builder.Configuration);
            builder.Services.AddPayrollJobStorage(builder.Configuration);
            using var host = builder.Build();
            await PayrollModules.PrepareDatabaseAsync(host.Services, ct);
            await using var scope = host.Services.CreateAsyncScope();
            return await run(parse, new Bench(scope.ServiceProvider), ct);
        });
        return command;
    }
}
