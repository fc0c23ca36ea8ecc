namespace Payroll.Host.Security;

/// <summary>
/// Headers on every response: pages, API, errors, static files, downloads and the job dashboard (SECURITY.md rules 2 and 8).
/// Set before the response starts, so nothing later in the pipeline can forget them.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UsePayrollSecurityHeaders(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            if (http.Request.IsHttps)
            {
                // HSTS here rather than in UseHsts(): the exception handler clears headers set by earlier middleware.
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            headers["X-Robots-Tag"] = "noindex, nofollow, noarchive";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // The browsers' XSS auditor is gone or harmful (it could be made to leak page content); OWASP says turn it
            // off and rely on the CSP above.
            headers.XXSSProtection = "0";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            // Nothing this system serves may be kept by a browser or a proxy: personal data could be in any of it.
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
