using Hangfire;
using Payroll.Host.Security;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Host.Shell;

internal static class HealthEndpoints
{
    public const string ReadyPath = "/readyz";

    /// <summary>The readiness body: <c>null</c> for a store that was not probed.</summary>
    public static object Degraded(bool database, bool? jobStorage) => Body(database, jobStorage);

    private static object Body(bool database, bool? jobStorage) => new
    {
        status = database && jobStorage == true ? "ready" : "degraded",
        database = database ? "ok" : "unreachable",
        jobStorage = jobStorage switch { true => "ok", false => "unreachable", null => "unknown" },
    };

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // For load balancers: says only that the process answers.
        app.MapGet("/healthz", () => Results.Text("ok", "text/plain")).AllowAnonymous();

        // For operators: can this host reach the database and the job storage?
        app.MapGet(ReadyPath, async (IDbConnectionFactory db, JobStorage jobs, CancellationToken ct) =>
        {
            var database = await ProbeAsync(() => db.PingAsync(ct));
            var jobStorage = await ProbeAsync(() =>
            {
                using var connection = jobs.GetConnection();
                connection.GetAllItemsFromSet("recurring-jobs");
                return Task.CompletedTask;
            });
            var ready = database && jobStorage;
            if (!ready)
            {
                // Connections that died with the server would fail the next probe too: start afresh.
                db.ClearPool();
            }

            return Results.Json(Body(database, jobStorage), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).RequireAuthorization(Policies.Operators);
    }

    private static async Task<bool> ProbeAsync(Func<Task> probe)
    {
        try
        {
            await probe();
            return true;
        }
#pragma warning disable CA1031 // Any failure means "unreachable"; the details go nowhere a client can see.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
