using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Payroll.Host.Shell;
using Serilog;
using Payroll.Modules.Composition;
using Payroll.Modules.Kernel.Storage;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Cli;

/// <summary>
/// The command line: <c>payroll VERB [options]</c>, strict (an unknown verb or option is a usage error), settings
/// overridden only with <c>--set Section:Key=value</c>, ids always given as options (<c>--run 12</c>), and documented
/// exit codes (<see cref="CliExit"/>). No arguments at all serve, as the service manager runs it.
/// </summary>
public static class PayrollCli
{
    /// <summary>
    /// Applied after the composed services of every verb. Only the tests set it (to give the command line their clock, so
    /// that each sign-in has a TOTP time step of its own without waiting 30 seconds); nothing in the product does.
    /// </summary>
    internal static Action<IServiceCollection>? OverrideServices { get; set; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary><c>--set Section:Key=value</c>, on every verb: the last word on a setting, after appsettings.json and the environment.</summary>
    internal static readonly Option<string[]> Settings = CreateSettingsOption();

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Payroll: a payroll system for public employers in Taiwan.") { Settings };
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(Verb(new Command("migrate", "Apply every module's database migrations and exit."), async (_, _, _) =>
        {
            await Console.Out.WriteLineAsync("Database is up to date.");
            return CliExit.Ok;
        }));
        root.Subcommands.Add(KeysCommand.Create());
        foreach (var command in BackupCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(EndpointsCommand.Create());
        foreach (var command in ModuleEdges.All.SelectMany(e => e.Commands()))
        {
            root.Subcommands.Add(command);
        }

        args = args.Length == 0 ? ["serve"] : args;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error.Message);
            }

            await Console.Error.WriteLineAsync($"usage: payroll {string.Join(' ', parse.CommandResult.Command.Name == root.Name ? ["VERB"] : CommandPath(parse))} --help");
            return CliExit.Usage;
        }

        try
        {
            // A served host shuts down by itself on SIGTERM (the job servers give their jobs back, requests finish), which
            // takes longer than the parser's default two seconds before it ends the process; so for `serve` the parser
            // leaves the signals to the host.
            var invocation = new InvocationConfiguration();
            if (parse.CommandResult.Command.Name == "serve")
            {
                invocation.ProcessTerminationTimeout = null;
            }

            return await parse.InvokeAsync(invocation);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// A verb that works on the database: its action runs with the composed services, after migrating (unless
    /// <paramref name="prepareDatabase"/> is false: a restore, which needs the database as it found it), and whatever a
    /// module refuses ends in the exit code and message of <see cref="CliExit.Of"/>.
    /// </summary>
    internal static Command Verb(Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> action, bool prepareDatabase = true)
    {
        command.SetAction((parse, ct) => WithServicesAsync(parse, (services, token) => action(parse, services, token), prepareDatabase, ct));
        return command;
    }

    /// <summary>The <c>--set</c> values of a parse as configuration arguments (<c>--Section:Key=value</c>) for a host builder.</summary>
    internal static string[] ConfigurationArgs(ParseResult parse) =>
        [.. (parse.GetValue(Settings) ?? []).Select(s => "--" + s)];

    /// <summary><c>--force</c> on a verb that writes personal data to a file: replace a file that exists (never a link).</summary>
    internal static Option<bool> ForceOption() => new("--force") { Description = "Replace the output file if it exists (a symbolic link is refused even so)." };

    /// <summary>
    /// Writes personal data to new files readable by their owner only, from the moment they exist: every path is checked
    /// before anything is written (all or nothing), an existing file is replaced only with <paramref name="force"/>, and a
    /// symbolic link is never followed (the file is created with O_EXCL, which fails on any existing name, link or not).
    /// </summary>
    internal static async Task WriteOwnerOnlyAsync(IReadOnlyList<(string Path, byte[] Content)> files, bool force, CancellationToken ct)
    {
        var problems = new List<InputError>();
        foreach (var (path, _) in files)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                problems.Add(new InputError(null, "out", $"{path} is a symbolic link: personal data is never written through one, even with --force"));
            }
            else if (info.Exists && !force)
            {
                problems.Add(new InputError(null, "out", $"{path} exists: name a new file, or give --force to replace it"));
            }
            else if (Directory.Exists(path))
            {
                problems.Add(new InputError(null, "out", $"{path} is a directory"));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems);
        }

        foreach (var (path, content) in files)
        {
            if (force && File.Exists(path))
            {
                File.Delete(path);
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using var stream = new FileStream(path, options);
            await stream.WriteAsync(content, ct);
        }
    }

    private static async Task<int> WithServicesAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> action, bool prepareDatabase, CancellationToken ct)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = ConfigurationArgs(parse),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSerilog((_, logger) => PayrollLogging.Configure(logger, builder.Configuration));
        try
        {
            builder.Services.AddPayroll(builder.Configuration);
        }
        catch (KeyDirectoryException unsafeKeys)
        {
            await Console.Error.WriteLineAsync("error: " + unsafeKeys.Message);
            return CliExit.Refused;
        }

        OverrideServices?.Invoke(builder.Services);
        using var host = builder.Build();
        try
        {
            if (prepareDatabase)
            {
                await PayrollModules.PrepareDatabaseAsync(host.Services, ct);
            }

            await using var scope = host.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider, ct);
        }
        catch (Exception ex) when (CliExit.Of(ex) is { } exit)
        {
            foreach (var line in exit.Messages)
            {
                await Console.Error.WriteLineAsync("error: " + line);
            }

            return exit.Code;
        }
        catch (Exception ex)
        {
            // A fault, not a refusal: logged in full with a correlation id; the terminal gets the id, never the details.
            var correlation = Guid.NewGuid().ToString("N")[..12];
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Payroll.Cli").LogError(ex, "Command failed; correlation id {CorrelationId}", correlation);
            await Console.Error.WriteLineAsync($"error: the command failed unexpectedly (correlation id {correlation}); the log has the details.");
            return CliExit.Fault;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null && result.Parent is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }

    private static Option<string[]> CreateSettingsOption()
    {
        var option = new Option<string[]>("--set")
        {
            Description = "Override a setting, Section:Key=value (repeat for several), e.g. --set Payroll:DataDirectory=/var/lib/payroll.",
            Recursive = true,
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || value[..equals].Any(char.IsWhiteSpace))
                {
                    result.AddError($"--set {value}: expected Section:Key=value (e.g. Payroll:DataDirectory=/var/lib/payroll).");
                }
            }
        });
        return option;
    }
}
