using Payroll.Tests.Support;
using Payroll.Modules.Contracts.Authorization;
using System.Net;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Host;

namespace Payroll.Tests.Vault;

/// <summary>The ledger pages: for auditors and compliance officers only, and recorded like any other read.</summary>
public sealed class AuditPagesTests(string provider) : HostFixture(provider)
{
    private static readonly Actor Outsider = Actor.User(99, "outsider-clerk", ["PayrollOperator"], sessionKey: "s", clientIp: "203.0.113.50", userAgent: "curl");

    [Test]
    public async Task Auditor_SearchesTheLedger_ByAddress_AndTheSearchIsRecorded()
    {
        await Host.Services.SendWithinAsync(new RecordAccess(Outsider, AccessAction.View, null, "/personnel/4242", [4242], ["name"], AccessOutcome.Allowed));
        var auditor = await Host.AddUserAsync(NewName("aud"), true, Roles.Auditor);
        using var client = Host.Client();
        await client.LoginAsync(auditor);

        var html = await client.Http.GetStringAsync("/Audit/Ledger?ip=203.0.113.0/24");
        Assert.That(html, Does.Contain("outsider-clerk").And.Contain("/personnel/4242").And.Contain("203.0.113.50"));
        var none = await client.Http.GetStringAsync("/Audit/Ledger?ip=198.51.100.0/24");
        Assert.That(none, Does.Contain("id=\"no-results\""));

        var history = await client.Http.GetStringAsync("/Audit/Person?id=4242");
        Assert.That(history, Does.Contain("outsider-clerk"));

        var searches = await SendAsync(new GetAccesses(
            new AccessFilter(DateTimeOffset.UnixEpoch, Host.Clock.UtcNow.AddMinutes(1), [], false, [auditor.Username], [], null, null, null), 1, 10,
            TestActors.Auditor));
        Assert.That(searches.Entries.Select(e => e.Action), Has.All.EqualTo(AccessAction.Search));
        Assert.That(searches.Entries, Has.Count.EqualTo(3), "every page view of the ledger is itself in the ledger");
    }

    [Test]
    public async Task ExposureApi_NamesThePeopleOutsideAddressesSaw_AndRefusesBadInput()
    {
        await Host.Services.SendWithinAsync(new RecordAccess(Outsider, AccessAction.View, null, "/personnel/5151", [5151], ["name"], AccessOutcome.Allowed));
        var officer = await Host.AddUserAsync(NewName("co"), true, Roles.ComplianceOfficer);
        using var client = Host.Client();
        await client.LoginAsync(officer);
        var today = Payroll.Modules.Kernel.Time.RocDate.TaipeiDate(Host.Clock.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var json = await client.Http.GetStringAsync($"/api/v1/audit/exposure?from={today}&to={today}");
        Assert.That(json, Does.Contain("\"subjectId\":5151").And.Contain("203.0.113.50"));

        using var bad = await client.GetAsync("/api/v1/audit/exposure?from=2026-13-01&to=" + today + "&ip=nonsense");
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem, Does.Contain("\"from\"").And.Contain("\"ip\""));

        var employee = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var other = Host.Client();
        await other.LoginAsync(employee);
        Assert.That((await other.GetAsync($"/api/v1/audit/exposure?from={today}&to={today}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task InvalidRange_IsA400_ThatNamesTheField()
    {
        var officer = await Host.AddUserAsync(NewName("co"), true, Roles.ComplianceOfficer);
        using var client = Host.Client();
        await client.LoginAsync(officer);
        using var response = await client.GetAsync("/Audit/Ledger?ip=10.0.0.0/99");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("來源位址"));
    }

    [TestCase("/Audit/Person?id=abc", "人員編號")]
    [TestCase("/Audit/Person?id=0", "人員編號")]
    [TestCase("/Audit/Person?id=5&p=1%20AND%201%3D1", "頁次")]
    [TestCase("/Audit/Person?id=5&p=0", "頁次")]
    public async Task PersonHistory_WithABadIdOrPage_IsA400_ThatNamesTheField(string path, string field)
    {
        var auditor = await Host.AddUserAsync(NewName("aud"), true, Roles.Auditor);
        using var client = Host.Client();
        await client.LoginAsync(auditor);
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain(field).And.Not.Contain("id=\"person-history\""));
    }

    [Test]
    public async Task ChainPage_ShowsBothChainsIntact()
    {
        var auditor = await Host.AddUserAsync(NewName("aud"), true, Roles.Auditor);
        using var client = Host.Client();
        await client.LoginAsync(auditor);
        var html = await client.Http.GetStringAsync("/Audit/Chain");
        Assert.That(html, Does.Contain("data-chain=\"access\" data-intact=\"true\"").And.Contain("data-chain=\"change\" data-intact=\"true\""));
    }

    [TestCase(Roles.PayrollOperator)]
    [TestCase(Roles.HrClerk)]
    [TestCase(Roles.Employee)]
    public async Task OtherRoles_Get403(string role)
    {
        var account = await Host.AddUserAsync(NewName("x"), role != Roles.Employee, role);
        using var client = Host.Client();
        await client.LoginAsync(account);
        foreach (var page in new[] { "/Audit/Ledger", "/Audit/Person?id=1", "/Audit/Chain" })
        {
            Assert.That((await client.GetAsync(page)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), page);
        }
    }

}
