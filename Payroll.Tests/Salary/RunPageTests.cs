using Payroll.Modules.Contracts.Authorization;
using System.Net;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// The run page answers bad input with 404 or the problem, never a server error (found by the security scan's web
/// scan: a handler name or a run id that is not one gave a 500).
/// </summary>
public sealed class RunPageTests(string provider) : HostFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private long _run;
    private TestClient _client = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await SendAsync(new SeedDemoUnits(1, 11, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 3, 11, TestActors.Staff));
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, 1, chunk, TestActors.Chunk));
        }

        _run = plan.RunId;
        // One sign-in for the fixture: the clock stands still, and a TOTP code is accepted once.
        _client = Host.Client();
        await _client.LoginAsync(await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator));
    }

    [OneTimeTearDown]
    public void SignOut() => _client.Dispose();

    [TestCase("/Salary/Run?id={run}&handler=https%3A%2F%2F203.0.113.9%2Fe.php", HttpStatusCode.NotFound)]
    [TestCase("/Salary/Run?id={run}&handler=NoSuchHandler", HttpStatusCode.NotFound)]
    [TestCase("/Salary/Run?id=not-a-number&handler=Register", HttpStatusCode.NotFound)]
    [TestCase("/Salary/Run?id=987654&handler=Register", HttpStatusCode.NotFound)]
    [TestCase("/Salary/Run?id={run}", HttpStatusCode.NotFound)] // the page has no plain POST
    public async Task BadPosts_AreRefused_NotServerErrors(string path, HttpStatusCode expected)
    {
        var client = _client;
        using var response = await client.PostFormAsync($"/Salary/Run?id={_run}", new Dictionary<string, string> { ["unit"] = "" }, path.Replace("{run}", _run.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task ChangesPage_ShowsAPageOfPeople_AndRefusesAPageThatIsNotOne()
    {
        using (var page = await _client.GetAsync($"/Salary/Changes?id={_run}&v=1"))
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var html = await page.Content.ReadAsStringAsync();
            Assert.That(html, Does.Contain("id=\"changes\"").And.Contain("id=\"changes-count\""));
            Assert.That(html, Does.Contain("第 1–3 人，共 3 人的薪資有變動"), "a first calculation changes everyone's pay");
            Assert.That(html, Does.Not.Contain("page-next"), "three people fit on one page");
        }

        foreach (var bad in new[] { "0", "-1", "x" })
        {
            using var refused = await _client.GetAsync($"/Salary/Changes?id={_run}&v=1&p={bad}");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), bad);
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("「頁次」須為正整數"), bad);
        }
    }

    [Test]
    public async Task RunsPage_WithACursorItDidNotGive_ShowsTheNewestRuns_AndSaysWhy()
    {
        using var page = await _client.GetAsync("/Salary/Runs?after=bm90LWEtY3Vyc29y");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("「after」"));
        Assert.That(html, Does.Contain($"/Salary/Run?id={_run}"), "the newest runs are listed");
    }

    [Test]
    public async Task BankFilesPage_OfARunNotApproved_SaysSo_AndOfNoRun_IsA404()
    {
        using (var missing = await _client.GetAsync("/BankTransfer/Files?run=987654"))
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        using var page = await _client.GetAsync($"/BankTransfer/Files?run={_run}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("only an approved run produces a bank file"));
        using var generate = await _client.PostFormAsync($"/BankTransfer/Files?run={_run}", new Dictionary<string, string> { ["HoldBack"] = "" }, $"/BankTransfer/Files?run={_run}&handler=Generate");
        Assert.That(generate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "refused by the run's state, shown on the page");
        Assert.That(await generate.Content.ReadAsStringAsync(), Does.Contain("only an approved run"));
    }

    [Test]
    public async Task RegisterOfAUnitTheRunDoesNotPay_ShowsTheProblem_OnThePage()
    {
        var client = _client;
        using var response = await client.PostFormAsync($"/Salary/Run?id={_run}", new Dictionary<string, string> { ["unit"] = "NOPE" }, $"/Salary/Run?id={_run}&handler=Register");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("NOPE"));
    }
}
