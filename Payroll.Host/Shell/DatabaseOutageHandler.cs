using Microsoft.AspNetCore.Diagnostics;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Host.Shell;

/// <summary>
/// While the database cannot be reached, every request that needs it (and every signed-in request does: the session is
/// checked on each one) answers 503 with <c>Retry-After</c> instead of a 500: the host is degraded, not broken, and comes
/// back by itself with the database (the connection pool is cleared, so the first requests after it do not meet the
/// connections that died with the server). <c>/readyz</c> answers with its usual body, saying which store is unreachable.
/// </summary>
internal sealed class DatabaseOutageHandler(IProblemDetailsService problems, IDbConnectionFactory db, ILogger<DatabaseOutageHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsOutage(exception))
        {
            return false;
        }

        logger.LogWarning("Database unreachable while serving {RequestPath}: answered 503", http.Request.Path.Value);
        db.ClearPool();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments(HealthEndpoints.ReadyPath, StringComparison.OrdinalIgnoreCase))
        {
            await http.Response.WriteAsJsonAsync(HealthEndpoints.Degraded(database: false, jobStorage: null), cancellationToken);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database cannot be reached; try again shortly.",
            },
        });
    }
}
