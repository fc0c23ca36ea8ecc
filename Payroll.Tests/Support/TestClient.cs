using System.Net;
using System.Text.RegularExpressions;
using OtpNet;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Tests.Support;

/// <summary>An HTTP client that behaves like one browser: cookies, forms with anti-forgery tokens, no auto-redirect.</summary>
public sealed partial class TestClient : IDisposable
{
    private readonly Uri _address;
    private readonly Payroll.Modules.Kernel.Time.IClock _clock;

    public TestClient(TestHost host)
        : this(host.HttpsAddress, host.Clock)
    {
    }

    /// <summary>A client of a host running elsewhere (another process), whose clock is <paramref name="clock"/>.</summary>
    public TestClient(Uri address, Payroll.Modules.Kernel.Time.IClock clock)
    {
        _address = address;
        _clock = clock;
        Cookies = new CookieContainer();
        var handler = new HttpClientHandler
        {
            CookieContainer = Cookies,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        Http = new HttpClient(handler) { BaseAddress = address };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    /// <summary>GETs the page, takes its anti-forgery token, and POSTs the form fields to <paramref name="action"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, IDictionary<string, string> fields, string? action = null)
    {
        using var get = await Http.GetAsync(page);
        var html = await get.Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(html);
        Assert.That(token.Success, Is.True, $"no anti-forgery token on {page} (status {(int)get.StatusCode})");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await Http.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> PasswordLoginAsync(string username, string password) =>
        PostFormAsync("/Login", new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    /// <summary>Password then TOTP; asserts the session ends up fully signed in.</summary>
    public async Task LoginAsync(NewAccount account)
    {
        using var first = await PasswordLoginAsync(account.Username, account.Password);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "password step");
        if (account.TotpSecret is not null)
        {
            using var second = await PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = Code(account.TotpSecret) });
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "TOTP step");
        }
    }

    public async Task<HttpResponseMessage> LogoutAsync() => await PostFormAsync("/", new Dictionary<string, string>(), "/Logout");

    /// <summary>The current code of a TOTP secret at the host's clock.</summary>
    public string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(_clock.UtcNow.UtcDateTime);

    public string CookieHeader() => Cookies.GetCookieHeader(_address);

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
