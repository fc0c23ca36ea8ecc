using Payroll.Modules.Contracts.Authorization;
using System.Net;

namespace Payroll.Tests.Host;

/// <summary>Per-address limits on the sign-in steps and the API (ASP.NET Core's rate limiter): 429 beyond them, pages untouched.</summary>
public sealed class RateLimitTests(string provider) : HostFixture(provider)
{
    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Security:SignInPermitsPerMinute=3", "--Payroll:Security:ApiPermitsPerMinute=5"];

    [Test]
    public async Task SignInPosts_BeyondTheLimit_Are429_WithRetryAfter_AndPagesStillOpen()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PasswordLoginAsync(account.Username, "wrong-" + i);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "within the limit: an ordinary refusal");
        }

        using var limited = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
        using var page = await client.GetAsync("/login");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reading the sign-in page is not limited");
    }

    [Test]
    public async Task ApiCalls_BeyondTheLimit_Are429()
    {
        using var client = Host.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await client.GetAsync("/api/v1/me");
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses.Take(5), Has.All.EqualTo(HttpStatusCode.Unauthorized), "within the limit: the ordinary answer to a stranger");
        Assert.That(statuses.Skip(5), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
