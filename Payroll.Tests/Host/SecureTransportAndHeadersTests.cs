using Payroll.Modules.Contracts.Authorization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Payroll.Tests.Host;

/// <summary>SECURITY.md rules 2, 6 and 8: headers on every kind of response, HTTPS only, clean errors.</summary>
public sealed class SecureTransportAndHeadersTests(string provider) : HostFixture(provider)
{
    protected override Action<IEndpointRouteBuilder>? MapEndpoints => app =>
        app.MapGet("/test/throws", (HttpContext _) => ThrowWithSecret()).RequireAuthorization();

    private static IResult ThrowWithSecret() => throw new InvalidOperationException("secret detail A123456789 at Payroll.Internal.Frame");

    [Test]
    public async Task Headers_OnEveryKindOfResponse()
    {
        var operatorAccount = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var anonymous = Host.Client();
        using var signedIn = Host.Client();
        await signedIn.LoginAsync(operatorAccount);

        var cases = new (string Name, TestClientCall Call)[]
        {
            ("login page", () => anonymous.GetAsync("/login")),
            ("redirect to login", () => anonymous.GetAsync("/")),
            ("api 401", () => anonymous.GetAsync("/api/v1/me")),
            ("static file", () => anonymous.GetAsync("/css/site.css")),
            ("robots", () => anonymous.GetAsync("/robots.txt")),
            ("home page", () => signedIn.GetAsync("/")),
            ("api", () => signedIn.GetAsync("/api/v1/me")),
            ("404", () => signedIn.GetAsync("/no-such-page")),
            ("error", () => signedIn.GetAsync("/test/throws")),
            ("hangfire", () => signedIn.GetAsync("/hangfire")),
            ("hangfire anonymous", () => anonymous.GetAsync("/hangfire")),
        };

        foreach (var (name, call) in cases)
        {
            using var response = await call();
            string Header(string h) => response.Headers.TryGetValues(h, out var v) ? string.Join(",", v)
                : response.Content.Headers.TryGetValues(h, out var c) ? string.Join(",", c) : "";
            Assert.Multiple(() =>
            {
                Assert.That(Header("X-Robots-Tag"), Is.EqualTo("noindex, nofollow, noarchive"), name);
                Assert.That(Header("Referrer-Policy"), Is.EqualTo("no-referrer"), name);
                Assert.That(Header("Content-Security-Policy"), Does.StartWith("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"), name);
                Assert.That(Header("X-Content-Type-Options"), Is.EqualTo("nosniff"), name);
                Assert.That(Header("X-Frame-Options"), Is.EqualTo("DENY"), name);
                Assert.That(Header("X-XSS-Protection"), Is.EqualTo("0"), name + ": the auditor off (OWASP), the CSP does the work");
                Assert.That(Header("Cache-Control"), Does.Contain("no-store"), name);
                Assert.That(Header("Strict-Transport-Security"), Does.Contain("max-age=31536000"), name);
                Assert.That(response.Headers.Contains("Server"), Is.False, name + ": no Server banner");
            });
        }
    }

    [Test]
    public async Task PlainHttp_RedirectsToHttps()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = Host.HttpAddress };
        using var response = await http.GetAsync("/login?x=1");
        Assert.That((int)response.StatusCode, Is.EqualTo(308));
        Assert.That(response.Headers.Location!.Scheme, Is.EqualTo("https"));
        Assert.That(response.Headers.Location.Port, Is.EqualTo(Host.HttpsAddress.Port));
        Assert.That(response.Headers.Location.PathAndQuery, Is.EqualTo("/login?x=1"));
    }

    [Test]
    public async Task Error_IsProblemDetailsWithCorrelationId_AndNoStackTrace()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        using var response = await client.GetAsync("/test/throws");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body, Does.Contain("\"correlationId\""));
            Assert.That(body, Does.Not.Contain("A123456789"));
            Assert.That(body, Does.Not.Contain("Payroll.Internal"));
            Assert.That(body, Does.Not.Contain(" at "));
        });
    }

    [Test]
    public async Task UnknownRoute_SignedIn_Is404ProblemDetails()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        using var response = await client.GetAsync("/no/such/route");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task OversizedBody_Is413_WithoutStackTrace()
    {
        using var client = Host.Client();
        var big = new string('x', 2 * 1024 * 1024);
        using var content = new StringContent("Username=a&Password=" + big, Encoding.ASCII, "application/x-www-form-urlencoded");
        // As curl does for large bodies: the server answers before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That(body, Does.Not.Contain(" at "));
    }

    [Test]
    public async Task LoginForm_WithoutAntiForgeryToken_IsRejected()
    {
        using var client = Host.Client();
        using var response = await client.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "x",
            ["Password"] = "y",
        }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task LoginForm_MissingFields_Is400WithFieldErrors()
    {
        using var client = Host.Client();
        using var response = await client.PostFormAsync("/login", new Dictionary<string, string> { ["Username"] = "" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("請輸入「帳號」").And.Contain("請輸入「密碼」"));
    }

    private delegate Task<HttpResponseMessage> TestClientCall();
}
