using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Security;

/// <summary>
/// Every action on the job dashboard (trigger, requeue, delete, remove; each one a POST under <c>/hangfire</c> but the
/// statistics poll) becomes a ledger row naming the signed-in person, the command and the jobs it named, after the
/// dashboard has answered: done, or not (a read-only auditor, a missing anti-forgery token, a failure). A job id that is
/// not an id's shape is refused here with 400, recorded, before the dashboard hands it to the job storage.
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
            var command = http.User.Identity?.IsAuthenticated == true ? Command(http.Request.Path) : null;
            IReadOnlyList<string> named = command?.Target is { } one ? [one] : targets;
            if (command is { } c && named.Any(t => !JobIds.IsWellFormed(t)))
            {
                // The dashboard would hand an id of another shape to the job storage, which fails on it (500).
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await RecordAsync(http, c.Path, named, done: false);
                await http.Response.WriteAsync("「jobs[]」：not a job id", http.RequestAborted);
                return;
            }

            var done = false;
            try
            {
                await next(http);
                done = http.Response.StatusCode is >= 200 and < 300;
            }
            finally
            {
                // A command the dashboard does not have (404) did nothing; anything else, done, refused or failed, is a row.
                if (command is { } recorded && http.Response.StatusCode != StatusCodes.Status404NotFound)
                {
                    await RecordAsync(http, recorded.Path, named, done);
                }
            }
        }));

    private static Task RecordAsync(HttpContext http, string command, IReadOnlyList<string> targets, bool done) =>
        http.RequestServices.GetRequiredService<ISender>().Send(
            new RecordDashboardAction(command, targets, done, HttpActor.From(http)), CancellationToken.None).AsTask();

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
