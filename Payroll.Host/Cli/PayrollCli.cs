using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Payroll.Host.Shell;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Db;
using Serilog;

namespace Payroll.Host.Cli;

/// <summary>
/// The command line. Tokens it does not know are passed on as configuration (<c>--urls</c>,
/// <c>--Payroll:DataDirectory=/srv/payroll</c>), after appsettings.json and environment variables.
/// </summary>
public static class PayrollCli
{
    private static readonly string[] Options = ["--help", "-h", "-?", "--version"];

    /// <summary>Whoever changes data from the command line is recorded as this: <c>cli:&lt;os user&gt;</c>.</summary>
    internal static Actor Actor => Actor.Cli(Environment.UserName);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Payroll: a payroll system for public employers in Taiwan.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(Command("migrate", "Apply every module's database migrations and exit.", MigrateAsync));
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(EndpointsCommand.Create());
        foreach (var command in ModuleEdges.All.SelectMany(e => e.Commands()))
        {
            root.Subcommands.Add(command);
        }

        // No verb (or only configuration such as --Payroll:DataDirectory=...): serve.
        if (args.Length == 0 || !(Options.Contains(args[0], StringComparer.Ordinal) || root.Subcommands.Any(c => c.Name == args[0])))
        {
            args = ["serve", .. args];
        }

        try
        {
            // A served host shuts down by itself on SIGTERM (the job servers give their jobs back, requests finish), which
            // takes longer than the parser's default two seconds before it ends the process; so for `serve` the parser
            // leaves the signals to the host.
            var invocation = new InvocationConfiguration();
            if (args[0] == "serve")
            {
                invocation.ProcessTerminationTimeout = null;
            }

            return await root.Parse(args).InvokeAsync(invocation);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>A verb that builds the services (no web server), migrates, then runs <paramref name="action"/>.</summary>
    internal static Command Command(string name, string description, Func<IServiceProvider, CancellationToken, Task<int>> action)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((parse, ct) => WithServicesAsync(parse.UnmatchedTokens.ToArray(), action, ct));
        return command;
    }

    /// <summary>A verb of a module: its action runs with the composed services, after migrating.</summary>
    internal static Command WithServices(Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> action)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => WithServicesAsync(parse.UnmatchedTokens.ToArray(), (services, token) => action(parse, services, token), ct));
        return command;
    }

    /// <summary>Writes personal data to a file readable by its owner only, from the moment it exists.</summary>
    internal static async Task WriteOwnerOnlyAsync(string path, byte[] content, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(content, ct);
    }

    internal static async Task<int> WithServicesAsync(string[] configArgs, Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSerilog((_, logger) => PayrollLogging.Configure(logger, builder.Configuration));
        builder.Services.AddPayroll(builder.Configuration);
        using var host = builder.Build();
        try
        {
            await PayrollServices.PrepareDatabaseAsync(host.Services, ct);
            await using var scope = host.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider, ct);
        }
        catch (Payroll.Modules.Kernel.Validation.InvalidInputException ex)
        {
            foreach (var problem in ex.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + problem);
            }

            return 2;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or UnauthorizedAccessException or Security.Accounts.AccountException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await Console.Out.WriteLineAsync("Database is up to date.");
        return 0;
    }
}
