using System.CommandLine;

namespace Payroll.Host.Cli;

/// <summary>
/// <c>payroll endpoints</c>: every route the web host serves (its endpoint data source), one per line as
/// <c>METHODS PATTERN</c>, for security scans that must try each of them. Nothing is started or migrated.
/// </summary>
internal static class EndpointsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "As JSON: a list of {methods, pattern}." };
        var command = new Command("endpoints", "List every route of the web host (methods and pattern), for security scans.") { json };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = PayrollWebApp.Build([.. PayrollCli.ConfigurationArgs(parse), "--Payroll:Role=web"]);
            var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
                .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? string.Join(',', m) : "*", Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
                .Distinct()
                .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Methods, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(routes.Select(r => new { methods = r.Methods, pattern = r.Pattern }), PayrollCli.Json));
                return CliExit.Ok;
            }

            foreach (var (methods, pattern) in routes)
            {
                await Console.Out.WriteLineAsync($"{methods} {pattern}");
            }

            return CliExit.Ok;
        });
        return command;
    }
}
