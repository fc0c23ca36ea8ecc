using System.CommandLine;
using Microsoft.AspNetCore.Routing;

namespace Payroll.Host.Cli;

/// <summary>
/// <c>payroll endpoints</c>: every route the web host serves (its endpoint data source), one per line as
/// <c>METHODS PATTERN</c>, for security scans that must try each of them. Nothing is started or migrated.
/// </summary>
internal static class EndpointsCommand
{
    public static Command Create()
    {
        var command = new Command("endpoints", "List every route of the web host (methods and pattern), for security scans.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = PayrollWebApp.Build([.. parse.UnmatchedTokens, "--Payroll:Role=web"]);
            var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
                .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? string.Join(',', m) : "*", Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
                .Distinct()
                .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Methods, StringComparer.Ordinal);
            foreach (var (methods, pattern) in routes)
            {
                await Console.Out.WriteLineAsync($"{methods} {pattern}");
            }

            return 0;
        });
        return command;
    }
}
