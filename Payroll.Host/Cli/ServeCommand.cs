using System.CommandLine;

namespace Payroll.Host.Cli;

/// <summary><c>payroll serve [--role all|web|worker] [--log-format text|json] [--urls URL;URL]</c></summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "What this host does: all (default), web or worker.", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong("all", "web", "worker");
        var logFormat = new Option<string>("--log-format") { Description = "text (default) or json.", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var urls = new Option<string?>("--urls") { Description = $"Where to listen, separated by ';' (default {PayrollWebApp.DefaultUrl}; plain HTTP on loopback only)." };
        var command = new Command("serve", "Serve the web pages, API and job dashboard over HTTPS, and run background jobs.") { role, logFormat, urls };
        command.SetAction(async (parse, ct) =>
        {
            string[] args =
            [
                .. PayrollCli.ConfigurationArgs(parse),
                $"--Payroll:Role={parse.GetValue(role)}",
                $"--Payroll:LogFormat={parse.GetValue(logFormat)}",
                .. parse.GetValue(urls) is { Length: > 0 } u ? [$"--urls={u}"] : Array.Empty<string>(),
            ];
            WebApplication built;
            try
            {
                built = PayrollWebApp.Build(args);
            }
            catch (Payroll.Modules.Kernel.Storage.KeyDirectoryException unsafeKeys)
            {
                // Keys others can read: nothing starts, and the administrator is told which file and what to do.
                await Console.Error.WriteLineAsync("error: " + unsafeKeys.Message);
                return CliExit.Refused;
            }

            await using var app = built;
            await PayrollWebApp.PrepareAsync(app, ct);
            await app.RunAsync();
            return CliExit.Ok;
        });
        return command;
    }
}
