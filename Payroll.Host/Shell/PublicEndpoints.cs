namespace Payroll.Host.Shell;

/// <summary>The only anonymous endpoints besides the login page and static assets (SECURITY.md rule 1).</summary>
internal static class PublicEndpoints
{
    public static readonly string[] AnonymousPaths = ["/login", "/healthz", "/robots.txt"];

    public static void MapPublicEndpoints(this IEndpointRouteBuilder app)
    {
        // Search engines indexed the 2017 registers; nothing here is for them.
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /\n", "text/plain"))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
