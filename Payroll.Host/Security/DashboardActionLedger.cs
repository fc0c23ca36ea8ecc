using Mediator;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Host.Security;

/// <summary>
/// Every action on the job dashboard (trigger, requeue, delete, remove; each one a POST under <c>/hangfire</c> but the
/// statistics poll) becomes a ledger row naming the signed-in person, the command and the jobs it named, after the
/// dashboard has answered: done, or refused (a read-only auditor, a missing anti-forgery token).
/// </summary>
internal static class DashboardActionLedger
{
    private const string Prefix = "/hangfire";
    private const string ActionsPrefix = "jobs/actions/";

    public static IApplicationBuilder UseDashboardActionLedger(this IApplicationBuilder app) =>
        app.UseWhen(IsAction, branch => branch.Use(async (http, next) =>
        {
            // Read before the dashboard does: the form is kept, and the dashboard reads the same one.
            var targets = http.Request.HasFormContentType ? Targets(await http.Request.ReadFormAsync(http.RequestAborted)) : [];
            await next(http);
            if (http.User.Identity?.IsAuthenticated != true || Command(http.Request.Path) is not { } command)
            {
                return;
            }

            var status = http.Response.StatusCode;
            if (status == StatusCodes.Status404NotFound)
            {
                return;   // no such command: nothing was done
            }

            await http.RequestServices.GetRequiredService<ISender>().Send(
                new RecordDashboardAction(command.Path, command.Target is { } one ? [one] : targets, status is >= 200 and < 300, HttpActor.From(http)),
                CancellationToken.None);
        }));

    private static bool IsAction(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest)
        && !rest.Equals("/stats", StringComparison.OrdinalIgnoreCase);

    /// <summary>The command path after <c>/hangfire/</c>; for <c>jobs/actions/VERB/ID</c> the id is its target.</summary>
    internal static (string Path, string? Target)? Command(PathString path)
    {
        if (!path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue)
        {
            return null;
        }

        var text = rest.Value!.Trim('/');
        string? target = null;
        if (text.StartsWith(ActionsPrefix, StringComparison.OrdinalIgnoreCase) && text.IndexOf('/', ActionsPrefix.Length) is var slash and > 0)
        {
            target = text[(slash + 1)..];
            text = text[..slash];
        }

        return (text.ToLowerInvariant(), target);
    }

    private static List<string> Targets(IFormCollection form) =>
        form.TryGetValue("jobs[]", out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList() : [];
}
