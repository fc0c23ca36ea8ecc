using Payroll.Modules.Contracts.Authorization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Vault;

/// <summary>
/// SECURITY.md rules 2 and 5 (2017: register URLs worked for anyone and were indexed): a download URL is bound to the
/// session that asked, works once, for 5 minutes; every other use is 404 and a ledger entry.
/// </summary>
public sealed class DownloadGrantTests(string provider) : HostFixture(provider)
{
    private static readonly Actor System = Actor.Job("test");

    [Test]
    public async Task Owner_DownloadsOnce_ThenNobodyElse_AndEveryRefusalIsRecorded()
    {
        var content = Encoding.UTF8.GetBytes("員工編號,姓名,實發\n1,王小明,54160\n");
        var document = await Host.Services.SendWithinAsync(new StoreDocument("payroll-register", "Salary", "text/csv", "register-2026-12.csv", content, [1, 2], ["name", "salary"], System));
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        var approver = await Host.AddUserAsync(NewName("ap"), true, Roles.PayrollApprover);

        using var owner = Host.Client();
        await owner.LoginAsync(op);
        var url = await GrantAsync(owner, document.DocumentId);
        Assert.That(url, Does.Match("^/documents/download/[0-9a-f]{32}$"), "the URL carries the grant id only");

        // Another session of the same user, another user, and nobody at all: 404, and the grant is still unused.
        using var secondSession = Host.Client();
        Host.Clock.Advance(TimeSpan.FromSeconds(31)); // a fresh TOTP code: each code works once
        await secondSession.LoginAsync(op);
        Assert.That((await secondSession.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var other = Host.Client();
        await other.LoginAsync(approver);
        Assert.That((await other.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var anonymous = Host.Client();
        Assert.That((await anonymous.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "404, not a login redirect");

        using var download = await owner.GetAsync(url);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
        Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo("register-2026-12.csv"));
        Assert.That(download.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(download.Headers.GetValues("X-Robots-Tag").Single(), Is.EqualTo("noindex, nofollow, noarchive"));

        Assert.That((await owner.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a second use");

        var late = await GrantAsync(owner, document.DocumentId);
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That((await owner.GetAsync(late)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "after 5 minutes");

        var refusals = await LedgerAsync(document.DocumentId, AccessOutcome.Refused);
        Assert.That(refusals.Select(r => r.Reason), Is.EquivalentTo(new[]
        {
            "grant belongs to another session", "grant belongs to another session", "anonymous", "grant already used", "grant expired",
        }));
        var allowed = await LedgerAsync(document.DocumentId, AccessOutcome.Allowed);
        Assert.That(allowed.Count(a => a.Action == AccessAction.Download), Is.EqualTo(1));
        Assert.That(allowed.Single(a => a.Action == AccessAction.Download).ActorName, Is.EqualTo(op.Username));
        Assert.That(allowed.Single(a => a.Action == AccessAction.Download).SubjectCount, Is.EqualTo(2));
    }

    [Test]
    public async Task RoleWithoutRightToTheKind_GetsNoGrant_AndTheRefusalIsRecorded()
    {
        var document = await Host.Services.SendWithinAsync(new StoreDocument("bank-file", "BankTransfer", "text/plain", "ach.txt", "x"u8.ToArray(), [7], ["bank-account"], System));
        var clerk = await Host.AddUserAsync(NewName("hr"), true, Roles.HrClerk);
        using var client = Host.Client();
        await client.LoginAsync(clerk);
        using var response = await PostGrantAsync(client, document.DocumentId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var refused = await LedgerAsync(document.DocumentId, AccessOutcome.Refused);
        Assert.That(refused.Single().Reason, Is.EqualTo("not permitted for this kind or these people"));
    }

    [Test]
    public async Task UnknownDocument_IsNotFound_AndNoAttackerTextReachesTheLedger()
    {
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        await client.LoginAsync(op);
        using var response = await PostGrantAsync(client, "../../etc/passwd");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GrantRequest_WithoutAntiForgeryToken_IsRejected()
    {
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        await client.LoginAsync(op);
        using var response = await client.Http.PostAsync("/api/v1/documents/0123456789abcdef0123456789abcdef/grants", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private async Task<string> GrantAsync(TestClient client, string documentId)
    {
        using var response = await PostGrantAsync(client, documentId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("downloadUrl").GetString()!;
    }

    private static async Task<HttpResponseMessage> PostGrantAsync(TestClient client, string documentId)
    {
        var token = (await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/antiforgery")).GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/documents/{Uri.EscapeDataString(documentId)}/grants");
        request.Headers.Add("X-CSRF-TOKEN", token);
        return await client.Http.SendAsync(request);
    }

    private async Task<IReadOnlyList<AccessEntry>> LedgerAsync(string documentId, AccessOutcome outcome)
    {
        var filter = new AccessFilter(DateTimeOffset.UnixEpoch, Host.Clock.UtcNow.AddDays(1), [], false, [], [], documentId, null, outcome);
        var page = await SendAsync(new GetAccesses(filter, 1, 100, TestActors.Auditor));
        return page.Entries.Where(e => e.Action != AccessAction.GrantIssued || outcome == AccessOutcome.Refused).ToList();
    }

}
