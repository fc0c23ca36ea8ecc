using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Payroll.Tests.Host;

/// <summary>
/// SECURITY.md rule 1 (2017: register pages answered anyone): without a session, only /login, /healthz, /robots.txt
/// and static assets may answer; everything else is 401 or a redirect to the login page.
/// </summary>
public sealed class AnonymousAccessTests(string provider) : HostFixture(provider)
{
    // "/Login/Index" is the login page under its second Razor Pages route.
    private static readonly string[] AllowList = ["/login", "/login/index", "/healthz", "/robots.txt"];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE"];

    [Test]
    public async Task EveryMappedEndpoint_RefusesAnonymous_UnlessAllowListed()
    {
        var sources = Host.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var routes = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => ConcretePath(e.RoutePattern.RawText ?? ""))
            .Concat(["/hangfire", "/hangfire/jobs/enqueued", "/hangfire/recurring", "/hangfire/stats", "/readyz", "/api/v1/me", "/no-such-page", "/api/v1/no-such-thing", "/Login/Totp", "/Login/Enroll", "/Account/ChangePassword", "/Logout"])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        Assert.That(routes, Has.Count.GreaterThan(8), "the endpoint data source should list the pages and endpoints");

        using var client = Host.Client();
        var offenders = new List<string>();
        foreach (var path in routes)
        {
            foreach (var method in Methods)
            {
                using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var status = (int)response.StatusCode;
                var allowed = AllowList.Contains(path.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
                var refused = status == 401
                    || (status == 302 && response.Headers.Location?.AbsolutePath.Equals("/Login", StringComparison.OrdinalIgnoreCase) == true)
                    || status is 400 or 405 // rejected before any handler ran (anti-forgery, wrong method)
                    || (status == 404 && path.StartsWith("/documents/download/", StringComparison.Ordinal)); // refused like any stranger's grant, and recorded
                if (!allowed && !refused)
                {
                    offenders.Add($"{method} {path} -> {status}");
                }

                if (!allowed && status is >= 200 and < 300)
                {
                    offenders.Add($"{method} {path} answered {status} anonymously");
                }
            }
        }

        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public async Task AnonymousDownloads_Are404_WithoutARowPerRequest_AndAMissingGrantIsNot500()
    {
        using var client = Host.Client();
        var db = Host.Services.GetRequiredService<Payroll.Modules.Kernel.Db.IDbConnectionFactory>();
        async Task<long> RefusalsAsync()
        {
            await using var c = await db.OpenAsync();
            return await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM vault_access WHERE action = 'Download' AND outcome = 'Refused' AND user_id IS NULL");
        }

        foreach (var path in new[] { "/documents/download", "/documents/download/" })
        {
            using var bare = await client.GetAsync(path);
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }

        var before = await RefusalsAsync();
        for (var i = 0; i < 20; i++)
        {
            using var guess = await client.GetAsync("/documents/download/" + Guid.NewGuid().ToString("N"));
            Assert.That(guess.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        Assert.That(await RefusalsAsync() - before, Is.LessThanOrEqualTo(1), "one row per address and minute, not one per request");
    }

    [TestCase("/healthz", "text/plain")]
    [TestCase("/robots.txt", "text/plain")]
    [TestCase("/login", "text/html")]
    [TestCase("/css/site.css", "text/css")]
    public async Task AllowListed_AnswersAnonymous(string path, string contentType)
    {
        using var client = Host.Client();
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
    }

    [Test]
    public async Task Healthz_SaysOnlyOk()
    {
        using var client = Host.Client();
        Assert.That(await client.Http.GetStringAsync("/healthz"), Is.EqualTo("ok"));
    }

    [Test]
    public async Task RobotsTxt_DisallowsEverything()
    {
        using var client = Host.Client();
        Assert.That(await client.Http.GetStringAsync("/robots.txt"), Is.EqualTo("User-agent: *\nDisallow: /\n"));
    }

    [Test]
    public async Task Hangfire_Anonymous_RedirectsToLogin()
    {
        using var client = Host.Client();
        using var response = await client.GetAsync("/hangfire");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.AbsolutePath, Is.EqualTo("/Login"));
    }

    [Test]
    public async Task Api_Anonymous_Gets401ProblemDetails()
    {
        using var client = Host.Client();
        using var response = await client.GetAsync("/api/v1/me");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private static string ConcretePath(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        // Route parameters get a plausible id: a URL alone must never open anything.
        return System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "1");
    }
}
