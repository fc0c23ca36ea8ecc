using Payroll.Tests.Support;
using Payroll.Modules.Contracts.Authorization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Host;

/// <summary>SECURITY.md "Accounts and roles": passwords, lockout, TOTP, server-side sessions and their timeouts.</summary>
public sealed class LoginAndSessionTests(string provider) : HostFixture(provider)
{
    [Test]
    public async Task Employee_LogsInWithPassword_AndSeesHome()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        using var login = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(login.Headers.Location?.OriginalString, Is.EqualTo("/"));
        var html = await client.Http.GetStringAsync("/");
        Assert.That(html, Does.Contain("data-role=\"Employee\""));
        Assert.That(html, Does.Match("\\d{3}年\\d{2}月\\d{2}日"), "dates are shown as ROC dates");
    }

    [Test]
    public async Task Cookie_IsHostPrefixed_Secure_HttpOnly_SameSiteStrict()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        using var page = await client.GetAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var login = await client.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = account.Username,
            ["Password"] = account.Password,
            ["__RequestVerificationToken"] = token,
        }));
        var setCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-payroll=", StringComparison.Ordinal));
        Assert.That(setCookie, Does.Contain("path=/").And.Contain("secure").And.Contain("httponly").And.Contain("samesite=strict"));
        Assert.That(setCookie, Does.Not.Contain("domain="));
        Assert.That(setCookie, Does.Not.Contain("expires="), "a session cookie, gone when the browser closes");
    }

    [Test]
    public async Task WrongPassword_FiveTimes_LocksAccount_EvenForTheRightPassword()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PasswordLoginAsync(account.Username, "wrong-password-" + i);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var right = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "locked for 15 minutes");
        Assert.That(await right.Content.ReadAsStringAsync(), Does.Contain("id=\"login-error\""));

        Host.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var later = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the lock lifts after 15 minutes");
    }

    [Test]
    public async Task FourFailures_ThenSuccess_ResetsTheCount()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        for (var i = 0; i < 4; i++)
        {
            (await client.PasswordLoginAsync(account.Username, "nope")).Dispose();
        }

        using (var success = Host.Client())
        {
            Assert.That((await success.PasswordLoginAsync(account.Username, account.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        for (var i = 0; i < 4; i++)
        {
            (await client.PasswordLoginAsync(account.Username, "nope")).Dispose();
        }

        using var again = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task UnknownUser_GetsTheSameAnswerAsAWrongPassword()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        using var unknown = await client.PasswordLoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..6], "whatever-password");
        using var wrong = await client.PasswordLoginAsync(account.Username, "whatever-password");
        Assert.That(unknown.StatusCode, Is.EqualTo(wrong.StatusCode));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("id=\"login-error\""));
    }

    [TestCase(Roles.Admin)]
    [TestCase(Roles.HrClerk)]
    [TestCase(Roles.PayrollOperator)]
    [TestCase(Roles.PayrollApprover)]
    [TestCase(Roles.ComplianceOfficer)]
    [TestCase(Roles.Auditor)]
    public async Task PrivilegedRole_ReachesNothingBeforeTotp(string role)
    {
        var account = await Host.AddUserAsync(NewName("priv"), true, role);
        using var client = Host.Client();
        using var login = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(login.Headers.Location?.OriginalString, Does.StartWith("/Login/Totp"));
        foreach (var path in new[] { "/", "/api/v1/me", "/hangfire", "/readyz", "/Account/ChangePassword", "/Index" })
        {
            using var response = await client.GetAsync(path);
            Assert.That((int)response.StatusCode, Is.AnyOf(401, 403), path);
        }

        using var totp = await client.PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = client.Code(account.TotpSecret!) });
        Assert.That(totp.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var home = await client.GetAsync("/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await home.Content.ReadAsStringAsync(), Does.Contain($"data-role=\"{role}\""));
    }

    [Test]
    public async Task Totp_WrongCode_Is401_AndCountsTowardsLockout()
    {
        var account = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        (await client.PasswordLoginAsync(account.Username, account.Password)).Dispose();
        var good = client.Code(account.TotpSecret!);
        var bad = good == "000000" ? "111111" : "000000";
        using var wrong = await client.PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = bad });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("id=\"totp-error\"").And.Not.Contain(" at "));

        for (var i = 0; i < 4; i++)
        {
            (await client.PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = bad })).Dispose();
        }

        using var locked = await client.PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = good });
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "five wrong codes lock the account too");
    }

    [Test]
    public async Task Totp_SameCodeTwice_IsRefusedTheSecondTime()
    {
        var account = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var first = Host.Client();
        await first.LoginAsync(account);

        using var second = Host.Client();
        (await second.PasswordLoginAsync(account.Username, account.Password)).Dispose();
        using var replay = await second.PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = second.Code(account.TotpSecret!) });
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task NewAccountWithoutTotp_MustEnrolBeforeAnythingElse()
    {
        var account = await Host.AddUserAsync(NewName("hr"), false, Roles.HrClerk);
        using var client = Host.Client();
        using var login = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(login.Headers.Location?.OriginalString, Does.StartWith("/Login/Enroll"));
        using var home = await client.GetAsync("/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var page = await client.Http.GetStringAsync("/Login/Enroll");
        var secret = System.Text.RegularExpressions.Regex.Match(page, "id=\"totp-secret\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.That(secret, Has.Length.EqualTo(32));
        Assert.That(page, Does.Not.Contain("ProtectedSecret"), "the secret stays with the session on the server");
        var reload = await client.Http.GetStringAsync("/Login/Enroll");
        Assert.That(reload, Does.Contain(string.Join(' ', secret.Chunk(4).Select(c => new string(c)))), "a reload shows the same secret the app may already hold");
        using var enrolled = await client.PostFormAsync("/Login/Enroll", new Dictionary<string, string>
        {
            ["Code"] = client.Code(secret),
        });
        Assert.That(enrolled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var after = await client.GetAsync("/");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // From now on the enrolled secret is asked for at login.
        using var next = Host.Client();
        using var again = await next.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(again.Headers.Location?.OriginalString, Does.StartWith("/Login/Totp"));
    }

    [Test]
    public async Task Enrolment_NeverDecryptsASecretItIsSent_NorTakesOneFromTheForm()
    {
        // Someone at the enrolment step who holds another account's protected TOTP secret (a copy of the database).
        var victim = await Host.AddUserAsync(NewName("ap"), true, Roles.PayrollApprover);
        var db = Host.Services.GetRequiredService<IDbConnectionFactory>();
        string victimsProtected;
        await using (var c = await db.OpenAsync())
        {
            victimsProtected = await c.ExecuteScalarAsync<string>("SELECT totp_secret_protected FROM accounts_user WHERE username = @u", new { u = victim.Username }) ?? "";
        }

        var insider = await Host.AddUserAsync(NewName("hr"), false, Roles.HrClerk);
        using var client = Host.Client();
        (await client.PasswordLoginAsync(insider.Username, insider.Password)).Dispose();
        using var posted = await client.PostFormAsync("/Login/Enroll", new Dictionary<string, string>
        {
            ["Code"] = client.Code(victim.TotpSecret!),
            ["ProtectedSecret"] = victimsProtected,
        });
        var html = await posted.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Contain(string.Join(' ', victim.TotpSecret!.Chunk(4).Select(c => new string(c)))), "the victim's secret is never shown");
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a code from the posted secret does not enrol it");
        await using (var c = await db.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<bool>("SELECT totp_enrolled FROM accounts_user WHERE username = @u", new { u = insider.Username }), Is.False);
        }
    }

    [Test]
    public async Task ACookieNamingAnotherUser_ThanItsSession_IsRefused()
    {
        // Someone holding the key ring re-signs their own session's cookie in another user's name.
        var mine = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        var theirs = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(mine);
        var format = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
        var cookie = client.Cookies.GetCookies(Host.HttpsAddress)["__Host-payroll"]!.Value;
        var ticket = format.Unprotect(cookie)!;
        var claims = ticket.Principal.Claims
            .Where(c => c.Type is not (System.Security.Claims.ClaimTypes.NameIdentifier or System.Security.Claims.ClaimTypes.Name))
            .Append(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, theirs.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, theirs.Username));
        var forged = format.Protect(new Microsoft.AspNetCore.Authentication.AuthenticationTicket(
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, ticket.Principal.Identity!.AuthenticationType)), ticket.Properties, ticket.AuthenticationScheme));

        using var genuine = await Replay("__Host-payroll=" + cookie, "/api/v1/me");
        Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var refused = await Replay("__Host-payroll=" + forged, "/api/v1/me");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the session is the server's: its user is not the cookie's to choose");
    }

    [Test]
    public async Task Login_IssuesANewSessionId_AtEachStep()
    {
        var account = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        (await client.PasswordLoginAsync(account.Username, account.Password)).Dispose();
        var halfway = client.CookieHeader();
        (await client.PostFormAsync("/Login/Totp", new Dictionary<string, string> { ["Code"] = client.Code(account.TotpSecret!) })).Dispose();
        var full = client.CookieHeader();
        Assert.That(full, Is.Not.EqualTo(halfway));

        // The half-open session's cookie is dead once the second factor passed.
        using var response = await Replay(halfway, "/Login/Totp");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.AbsolutePath, Is.EqualTo("/Login"));
    }

    [Test]
    public async Task StolenCookie_IsUselessAfterLogout()
    {
        var account = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        await client.LoginAsync(account);
        var stolen = client.CookieHeader();
        Assert.That((await Replay(stolen, "/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while the session is open");

        using var logout = await client.LogoutAsync();
        Assert.That(logout.Headers.Location?.OriginalString, Does.StartWith("/Login"));
        Assert.That((await Replay(stolen, "/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Replay(stolen, "/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Session_EndsAfter20IdleMinutes()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        Host.Clock.Advance(TimeSpan.FromMinutes(19));
        Assert.That((await client.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "19 idle minutes are fine");
        Host.Clock.Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(5));
        Assert.That((await client.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Session_EndsAfter8Hours_EvenWhenBusy()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        var stolen = client.CookieHeader();
        for (var i = 0; i < 8 * 4; i++)
        {
            Host.Clock.Advance(TimeSpan.FromMinutes(15));
            using var response = await Replay(stolen, "/api/v1/me");
            var expected = i < 8 * 4 - 1 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
            if (response.StatusCode != expected)
            {
                Assert.Fail($"after {(i + 1) * 15} minutes: {response.StatusCode}, expected {expected}");
            }
        }

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await Replay(stolen, "/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task DisabledUser_SessionIsRefused()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        await Host.SendAsync(new SetAccountDisabled(account.Username, true, TestActors.Staff));
        Assert.That((await client.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var login = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Employee_Gets403OnHangfire_OperatorGetsIn_AuditorReadOnly()
    {
        var employee = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        var auditor = await Host.AddUserAsync(NewName("aud"), true, Roles.Auditor);
        using var e = Host.Client();
        await e.LoginAsync(employee);
        Assert.That((await e.GetAsync("/hangfire")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await e.GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var o = Host.Client();
        await o.LoginAsync(op);
        using var opDashboard = await o.GetAsync("/hangfire/recurring");
        Assert.That(opDashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var a = Host.Client();
        await a.LoginAsync(auditor);
        using var auditorDashboard = await a.GetAsync("/hangfire/recurring");
        Assert.That(auditorDashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await a.GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        // Read-only: Hangfire refuses the commands (trigger, delete, requeue) it offers operators.
        using var trigger = await a.Http.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = "x" }));
        Assert.That((int)trigger.StatusCode, Is.AnyOf(401, 403));
    }

    [Test]
    public async Task TriggerNow_OnTheDashboard_RecordsWhoClickedWithTheJob()
    {
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var o = Host.Client();
        await o.LoginAsync(op);
        using var trigger = await DashboardPostAsync(o, "/hangfire/recurring/trigger", "payroll-monthly");
        Assert.That((int)trigger.StatusCode, Is.InRange(200, 299), await trigger.Content.ReadAsStringAsync());

        var storage = Host.Services.GetRequiredService<Hangfire.JobStorage>();
        using var connection = storage.GetConnection();
        var jobId = connection.GetAllEntriesFromHash("recurring-job:payroll-monthly")!["LastJobId"];
        Assert.That(connection.GetJobParameter(jobId, "TriggeredBy"), Does.Contain(op.Username));
    }

    /// <summary>Issue "Integrity" 3: dashboard actions are attributed to the signed-in person in the ledger.</summary>
    [Test]
    public async Task DashboardActions_AreLedgerRows_OfTheSignedInPerson_DoneOrRefused()
    {
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        var auditor = await Host.AddUserAsync(NewName("aud"), true, Roles.Auditor);
        using var o = Host.Client();
        await o.LoginAsync(op);
        using var a = Host.Client();
        await a.LoginAsync(auditor);

        using (var trigger = await DashboardPostAsync(o, "/hangfire/recurring/trigger", "payroll-monthly"))
        {
            Assert.That((int)trigger.StatusCode, Is.InRange(200, 299));
        }

        string jobId;
        using (var connection = Host.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection())
        {
            jobId = connection.GetAllEntriesFromHash("recurring-job:payroll-monthly")!["LastJobId"];
        }

        using (var delete = await DashboardPostAsync(o, "/hangfire/jobs/actions/delete/" + jobId))
        {
            Assert.That((int)delete.StatusCode, Is.InRange(200, 299));
        }

        using (var odd = await DashboardPostAsync(o, "/hangfire/jobs/enqueued/delete", "<script>alert(1)</script>"))
        {
            Assert.That(odd.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "an id of another shape is refused, never a 500");
        }

        using (var stats = await DashboardPostAsync(o, "/hangfire/stats"))
        {
            Assert.That((int)stats.StatusCode, Is.InRange(200, 299));
        }

        using (var refused = await DashboardPostAsync(a, "/hangfire/recurring/trigger", "payroll-monthly"))
        {
            Assert.That((int)refused.StatusCode, Is.InRange(400, 499), "an auditor looks and does not trigger");
        }

        var rows = await OperateRowsAsync(op.Username);
        Assert.That(rows.Select(r => r.Resource), Is.EqualTo(new[]
        {
            "dashboard/recurring/trigger payroll-monthly",
            "dashboard/jobs/actions/delete " + jobId,
            "dashboard/jobs/enqueued/delete -",
        }), "one row per action, the statistics poll none, and no posted text in the ledger");
        Assert.That(rows.Select(r => r.Outcome), Is.EqualTo(new[] { "Allowed", "Allowed", "Refused" }));
        Assert.That(await OperateRowsAsync(auditor.Username), Is.EqualTo(new[] { ("dashboard/recurring/trigger payroll-monthly", "Refused") }));
    }

    private async Task<List<(string Resource, string Outcome)>> OperateRowsAsync(string actor)
    {
        await using var c = await Host.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await c.QueryAsync<(string, string)>(
            "SELECT resource, outcome FROM vault_access WHERE action = 'Operate' AND actor = @actor ORDER BY seq", new { actor })).AsList();
    }

    /// <summary>A command on the job dashboard as its own script sends it: a form post with the page's anti-forgery header.</summary>
    private static async Task<HttpResponseMessage> DashboardPostAsync(TestClient client, string path, params string[] jobs)
    {
        var html = await client.Http.GetStringAsync("/hangfire/recurring");
        var header = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf-header\" content=\"([^\"]+)\"").Groups[1].Value;
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(jobs.Select(j => new KeyValuePair<string, string>("jobs[]", j))),
        };
        request.Headers.Add(header, token);
        return await client.Http.SendAsync(request);
    }

    [Test]
    public async Task Readyz_ForOperators_ReportsDatabaseAndJobStorage()
    {
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        await client.LoginAsync(op);
        using var response = await client.GetAsync("/readyz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"status\":\"ready\"").And.Contain("\"database\":\"ok\"").And.Contain("\"jobStorage\":\"ok\""));
    }

    [Test]
    public async Task ChangePassword_RequiresTheCurrentOne_AndTheNewOneWorks()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        var fresh = "correct horse battery staple";
        using var wrong = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not it",
            ["NewPassword"] = fresh,
            ["ConfirmPassword"] = fresh,
        });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("目前密碼不正確"));

        using var tooShort = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = account.Password,
            ["NewPassword"] = "short",
            ["ConfirmPassword"] = "short",
        });
        Assert.That(await tooShort.Content.ReadAsStringAsync(), Does.Contain("至少需 12 個字元"));

        using var ok = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = account.Password,
            ["NewPassword"] = fresh,
            ["ConfirmPassword"] = fresh,
        });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ok.Content.ReadAsStringAsync(), Does.Contain("id=\"password-changed\""));

        using var other = Host.Client();
        Assert.That((await other.PasswordLoginAsync(account.Username, account.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await other.PasswordLoginAsync(account.Username, fresh)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task ChangingThePassword_EndsEveryOtherSession_ButNotThisOne()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var mine = Host.Client();
        await mine.LoginAsync(account);
        using var elsewhere = Host.Client();
        await elsewhere.LoginAsync(account);
        Assert.That((await elsewhere.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var fresh = "a long and fresh passphrase";
        using var ok = await mine.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = account.Password,
            ["NewPassword"] = fresh,
            ["ConfirmPassword"] = fresh,
        });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var ended = await elsewhere.GetAsync("/");
        Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "whoever held the old password is signed out");
        Assert.That(ended.Headers.Location?.AbsolutePath, Is.EqualTo("/Login"));
        Assert.That((await mine.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the session that changed it goes on");
    }

    [Test]
    public async Task WrongCurrentPassword_CountsTowardTheLockout()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(account);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
            {
                ["CurrentPassword"] = "guess number " + i,
                ["NewPassword"] = "a long and fresh passphrase",
                ["ConfirmPassword"] = "a long and fresh passphrase",
            });
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using var locked = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = account.Password,
            ["NewPassword"] = "a long and fresh passphrase",
            ["ConfirmPassword"] = "a long and fresh passphrase",
        });
        Assert.That(await locked.Content.ReadAsStringAsync(), Does.Contain("暫時鎖定"), "five wrong guesses lock the account, here too");
        using var other = Host.Client();
        Assert.That((await other.PasswordLoginAsync(account.Username, account.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AnExpiredLock_StartsTheCountAgain_OneWrongTryDoesNotLockAgain()
    {
        var account = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PasswordLoginAsync(account.Username, "wrong-password-" + i);
        }

        Host.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var oneMore = await client.PasswordLoginAsync(account.Username, "wrong-again");
        Assert.That(oneMore.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var right = await client.PasswordLoginAsync(account.Username, account.Password);
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "one wrong try after the lock ran out is one failure, not a new lock");
    }

    [Test]
    public async Task PasswordsAndTotpSecrets_AreNotStoredInClear()
    {
        var account = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        var db = Host.Services.GetRequiredService<IDbConnectionFactory>();
        await using var connection = await db.OpenAsync();
        var hash = await connection.QuerySingleAsync<string>("SELECT password_hash FROM accounts_user WHERE username = @u", new { u = account.Username });
        var secret = await connection.QuerySingleAsync<string>("SELECT totp_secret_protected FROM accounts_user WHERE username = @u", new { u = account.Username });
        Assert.That(hash, Does.Not.Contain(account.Password));
        Assert.That(hash, Has.Length.GreaterThan(40));
        Assert.That(secret, Does.Not.Contain(account.TotpSecret!));
    }

    private async Task<HttpResponseMessage> Replay(string cookieHeader, string path)
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { BaseAddress = Host.HttpsAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
