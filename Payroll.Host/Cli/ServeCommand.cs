using System.CommandLine;

namespace Payroll.Host.Cli;

/// <summary><c>payroll serve [--role web|worker|all] [--log-format text|json] [--urls ...]</c></summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "web, worker or all (default): what this host does.", DefaultValueFactory = _ => "all" };
        var logFormat = new Option<string>("--log-format") { Description = "text (default) or json.", DefaultValueFactory = _ => "text" };
        var command = new Command("serve", "Serve the web pages, API and job dashboard over HTTPS, and run background jobs.")
        {
            role,
            logFormat,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            string[] args =
            [
                .. parse.UnmatchedTokens,
                $"--Payroll:Role={parse.GetValue(role)}",
                $"--Payroll:LogFormat={parse.GetValue(logFormat)}",
            ];
            await using var app = PayrollWebApp.Build(args);
            await PayrollWebApp.PrepareAsync(app, ct);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
