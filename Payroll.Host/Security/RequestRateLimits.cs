using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Host.Security;

/// <summary>
/// Per-address limits (ASP.NET Core's rate limiter): the posts of the sign-in steps, and the API, each a fixed window of
/// one minute per client address (the forwarded one behind a known proxy). Everything else is not limited here.
/// </summary>
internal static class RequestRateLimits
{
    private static readonly string[] SignInPosts = ["/login", "/login/index", "/login/totp", "/login/enroll", "/account/changepassword"];

    public static IServiceCollection AddPayrollRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var security = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var path = http.Request.Path.Value?.TrimEnd('/').ToLowerInvariant() ?? "";
                if (HttpMethods.IsPost(http.Request.Method) && SignInPosts.Contains(path))
                {
                    return Window("sign-in:" + address, security.SignInPermitsPerMinute);
                }

                return path.StartsWith("/api/", StringComparison.Ordinal)
                    ? Window("api:" + address, security.ApiPermitsPerMinute)
                    : RateLimitPartition.GetNoLimiter("none");
            });
        });
        return services;
    }

    private static RateLimitPartition<string> Window(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
