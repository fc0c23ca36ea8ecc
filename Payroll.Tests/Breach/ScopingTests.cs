using Payroll.Modules.Kernel.Errors;
using System.Globalization;
using ClosedXML.Excel;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Breach;

/// <summary>
/// Finding exactly who was affected (issue: Breach, scoping) on each engine. The office networks are 10.0.0.0/8 and
/// 2001:db8:1::/48; everything else is outside. One story told three ways — an IIS log whose #Fields directive changes
/// half way, the same requests in nginx's combined format, and the access ledger — each yields exactly the expected
/// people: outside IPv4 and IPv6 clients and a crawler expose people; office addresses, failed and redirected requests,
/// requests outside the window, static files and pages that cannot be resolved expose nobody (the failed and
/// unresolved ones are counted and listed). Legacy report URLs map to the people each report held; an Excel list adds people.
/// </summary>
public sealed class ScopingTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Officer = Actor.User(30, "officer", ["ComplianceOfficer"], sessionKey: "s-co", clientIp: "10.0.0.9", userAgent: "test");
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly DateTimeOffset Aware = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private Dictionary<string, long> _ids = [];
    private string _grant = "";
    private long[] _documentSubjects = [];

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Vault:TrustedNetworks:0=10.0.0.0/8", "--Payroll:Vault:TrustedNetworks:1=2001:db8:1::/48"];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(3, 11, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 40, 11, TestActors.Staff));
        var numbers = Enumerable.Range(1, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"D{i:000000}")).ToList();
        _ids = (await Services.SendWithinAsync(new FindEmployees(numbers))).ToDictionary(e => e.EmployeeNo, e => e.EmployeeId);

        // A register holding two people, downloaded once through a grant (whose id a log line shows).
        var op = Actor.User(31, "operator", ["PayrollOperator"], sessionKey: "s-op", clientIp: "10.0.0.10", userAgent: "test");
        _documentSubjects = [_ids["D000020"], _ids["D000021"]];
        var stored = await Services.SendWithinAsync(new StoreDocument("payroll-register", "Salary", "application/octet-stream", "register.xlsx", [1, 2, 3], _documentSubjects, ["name", "salary"], op));
        _grant = (await SendAsync(new RequestDownload(stored.DocumentId, op)))!.GrantId;
    }

    private Task<long> NewIncidentAsync() => SendAsync(new CreateIncident(new IncidentInput("薪資清冊外洩", Aware, 2, BreachRuleSet.Pdpa), Officer));

    private string Id(string no) => _ids[no].ToString(CultureInfo.InvariantCulture);

    /// <summary>The story as (time, client, method, path, query, status, agent).</summary>
    private IEnumerable<(DateTimeOffset At, string Ip, string Path, string Query, int Status, string Agent)> Story() =>
    [
        (From.AddHours(1), "203.0.113.9", "/Personnel/Employee", "no=D000003", 200, "Mozilla/5.0"),
        (From.AddHours(1.1), "10.1.2.3", "/Personnel/Employee", "no=D000004", 200, "Mozilla/5.0"),
        (From.AddHours(2), "2001:db8:ffff::7", "/Salary/Payslip", $"run=1&employee={Id("D000006")}", 200, "Mozilla/5.0 (compatible; Googlebot/2.1)"),
        (From.AddHours(2.1), "2001:db8:1::5", "/Salary/Payslip", $"run=1&employee={Id("D000007")}", 200, "Mozilla/5.0"),
        (From.AddHours(2.2), "198.51.100.4", "/Personnel/Employee", "no=D000008", 404, "curl/8.0"),
        (From.AddHours(2.3), "198.51.100.4", "/Personnel/Employee", "no=D000009", 302, "curl/8.0"),
        (From.AddHours(2.4), "198.51.100.4", "/Me", "", 200, "curl/8.0"),
        (From.AddHours(2.5), "198.51.100.4", "/css/site.css", "", 200, "curl/8.0"),
        (From.AddHours(3), "203.0.113.9", "/documents/download/" + _grant, "", 200, "Mozilla/5.0"),
        (From.AddHours(4), "203.0.113.10", "/old/SalaryReport.aspx", "rpt=R1", 200, "Mozilla/5.0"),
        (From.AddHours(-5), "203.0.113.9", "/Personnel/Employee", "no=D000010", 200, "Mozilla/5.0"),
        (From.AddHours(5), "203.0.113.9", "/Personnel/Employee", "no=D000003", 200, "Mozilla/5.0"),
    ];

    private string[] Expected => ["D000003", "D000006", "D000020", "D000021", "D000030", "D000031"];

    private async Task<string> IisLogAsync()
    {
        var lines = new List<string>
        {
            "#Software: Microsoft Internet Information Services 10.0",
            "#Version: 1.0",
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        };
        var story = Story().ToList();
        foreach (var (r, i) in story.Select((r, i) => (r, i)))
        {
            if (i == 6)
            {
                // The server's logging settings changed: another order of columns from here on.
                lines.Add("#Fields: time date c-ip cs-uri-query cs-uri-stem sc-status cs(User-Agent) cs-method");
            }

            var agent = r.Agent.Replace(' ', '+');
            var query = r.Query.Length == 0 ? "-" : r.Query;
            lines.Add(i < 6
                ? $"{r.At:yyyy-MM-dd} {r.At:HH:mm:ss} 10.0.0.1 GET {r.Path} {query} 443 - {r.Ip} {agent} - {r.Status} 0 0 15"
                : $"{r.At:HH:mm:ss} {r.At:yyyy-MM-dd} {r.Ip} {query} {r.Path} {r.Status} {agent} GET");
        }

        var path = Path.Combine(Database.DataDirectory, $"u_ex{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    private async Task<string> NginxLogAsync()
    {
        var taipei = TimeSpan.FromHours(8);
        var lines = Story().Select(r =>
            $"{r.Ip} - - [{r.At.ToOffset(taipei).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0800] \"GET {r.Path}{(r.Query.Length > 0 ? "?" + r.Query : "")} HTTP/1.1\" {r.Status} 512 \"-\" \"{r.Agent}\"");
        var path = Path.Combine(Database.DataDirectory, $"access{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    private static byte[] LegacyReports()
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("報表");
        sheet.Cell(1, 1).Value = "報表代號";
        sheet.Cell(1, 2).Value = "員工編號";
        sheet.Cell(2, 1).Value = "R1";
        sheet.Cell(2, 2).Value = "D000030";
        sheet.Cell(3, 1).Value = "R1";
        sheet.Cell(3, 2).Value = "D000031";
        sheet.Cell(4, 1).Value = "R2";
        sheet.Cell(4, 2).Value = "D000032";
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    private static byte[] EmployeeList(params string[] numbers) => Payroll.Benchmarks.SyntheticCity.NumberList(numbers, heading: "員工編號");

    private static ScopeInput FromLog(LogFormat format, string path) =>
        new(null, [new LogFile(format, path)], From, To, true, [new LegacyRoute("/old/SalaryReport.aspx", "rpt")], LegacyReports(), [], null);

    private async Task<(AffectedSetSummary Set, IReadOnlyList<AffectedPerson> People)> ScopeAsync(ScopeInput input)
    {
        var incident = await NewIncidentAsync();
        var set = await SendAsync(new ScopeIncident(incident, input, Officer));
        return (set, await SendAsync(new GetAffectedPeople(incident, null, Officer)));
    }

    [Test]
    public async Task IisLog_WithAChangingFieldsDirective_YieldsExactlyTheExposedPeople()
    {
        var (set, people) = await ScopeAsync(FromLog(LogFormat.Iis, await IisLogAsync()));

        Assert.That(people.Select(p => p.EmployeeNo), Is.EqualTo(Expected));
        Assert.That(set.People, Is.EqualTo(6));
        Assert.That(set.FailedRequests, Is.EqualTo(2), "the 404 and the redirect to the login page expose nobody");
        Assert.That(set.UnresolvedRequests, Is.EqualTo(1), "/Me shows someone, but not whom from the URL");
        Assert.That(set.Samples.Select(s => (s.Kind, s.Status)), Is.EquivalentTo(new[] { ("failed", 404), ("redirected", 302), ("unresolved", 200) }));
        var crawled = people.Single(p => p.EmployeeNo == "D000006");
        Assert.That(crawled.ClientIps, Is.EqualTo(new[] { "2001:db8:ffff::7" }));
        Assert.That(crawled.Sample, Does.Contain("Googlebot"), "the crawler's visit is the evidence");
        Assert.That(crawled.Categories, Does.Contain("salary"));
        var d3 = people.Single(p => p.EmployeeNo == "D000003");
        Assert.That((d3.Accesses, d3.FirstAt, d3.LastAt), Is.EqualTo((2L, From.AddHours(1), From.AddHours(5))));
        Assert.That(people.Single(p => p.EmployeeNo == "D000020").Categories, Is.EqualTo(new[] { "name", "salary" }), "a document's own categories");
        Assert.That(set.Inputs, Has.Some.Match("^iis:u_ex[0-9a-f]+\\.log sha256=[0-9a-f]{64}$"), "every input's SHA-256 is kept");
        Assert.That(set.Inputs, Has.Some.Match("^legacy reports workbook sha256=[0-9a-f]{64}"));
        Assert.That(set.Units.Sum(u => u.People), Is.EqualTo(6), "counts by unit");
        Assert.That(set.Sources.Single(s => s.Source.StartsWith("iis:", StringComparison.Ordinal)).People, Is.EqualTo(6));
    }

    [Test]
    public async Task NginxLog_OfTheSameRequests_YieldsTheSamePeople()
    {
        var (_, people) = await ScopeAsync(FromLog(LogFormat.Nginx, await NginxLogAsync()));

        Assert.That(people.Select(p => p.EmployeeNo), Is.EqualTo(Expected));
    }

    [Test]
    public async Task Ledger_OutsideAddressesOnly_YieldsExactlyWhomTheySaw()
    {
        var outside = Actor.User(32, "clerk", ["HrClerk"], sessionKey: "s-cl", clientIp: "203.0.113.50", userAgent: "test");
        var inside = Actor.User(32, "clerk", ["HrClerk"], sessionKey: "s-cl", clientIp: "10.20.30.40", userAgent: "test");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Services.SendWithinAsync(new RecordAccess(outside, AccessAction.View, null, "/Personnel/Employee", [_ids["D000011"], _ids["D000012"]], ["name"], AccessOutcome.Allowed));
        await Services.SendWithinAsync(new RecordAccess(inside, AccessAction.View, null, "/Personnel/Employee", [_ids["D000013"]], ["name"], AccessOutcome.Allowed));
        await Services.SendWithinAsync(new RecordAccess(outside, AccessAction.View, null, "/Personnel/Employee", [_ids["D000014"]], ["name"], AccessOutcome.Refused));

        var (set, people) = await ScopeAsync(ScopeInput.FromLedger(new LedgerScope(before, DateTimeOffset.UtcNow.AddMinutes(1), true, [], [], [])));

        Assert.That(people.Select(p => p.EmployeeNo), Is.EqualTo(new[] { "D000011", "D000012" }), "a refused attempt exposed nobody; the office address is trusted");
        Assert.That(people[0].ClientIps, Is.EqualTo(new[] { "203.0.113.50" }));
        Assert.That(set.Sources.Single().Source, Is.EqualTo("ledger"));

        var (_, someoneElse) = await ScopeAsync(ScopeInput.FromLedger(new LedgerScope(before, DateTimeOffset.UtcNow.AddMinutes(1), true, [], ["another-clerk"], [])));
        Assert.That(someoneElse, Is.Empty, "only the accounts asked for");
    }

    [Test]
    public async Task EmployeeList_AddsItsPeople_AndAnUnknownNumberNamesItsRow()
    {
        var (set, people) = await ScopeAsync(ScopeInput.FromList(EmployeeList("D000015", "D000016")));
        Assert.That(people.Select(p => p.EmployeeNo), Is.EqualTo(new[] { "D000015", "D000016" }));
        Assert.That(set.Sources.Single(), Is.EqualTo(new SourceCount("list", 2, 0)));

        var incident = await NewIncidentAsync();
        var bad = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ScopeIncident(incident, ScopeInput.FromList(EmployeeList("D000015", "X123")), Officer)));
        Assert.That(bad!.Errors.Single().Row, Is.EqualTo(3));
        Assert.That((await SendAsync(new GetIncident(incident, Officer)))!.CurrentSet, Is.Null, "nothing saved");
    }

    [Test]
    public async Task ScopingAgain_IsANewVersion_AndTheIncidentShowsTheCurrentOne()
    {
        var incident = await NewIncidentAsync();
        await SendAsync(new ScopeIncident(incident, ScopeInput.FromList(EmployeeList("D000015")), Officer));
        var second = await SendAsync(new ScopeIncident(incident, ScopeInput.FromList(EmployeeList("D000015", "D000017")), Officer));

        Assert.That(second.Version, Is.EqualTo(2));
        var detail = (await SendAsync(new GetIncident(incident, Officer)))!;
        Assert.That((detail.CurrentSet!.Version, detail.CurrentSet.People), Is.EqualTo((2, 2)));
        Assert.That((await SendAsync(new GetAffectedPeople(incident, 1, Officer))).Count, Is.EqualTo(1), "the first version is kept");
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ScopeIncident(incident, ScopeInput.FromList(EmployeeList("D000015")),
            Actor.User(33, "clerk", ["HrClerk"], sessionKey: "s", clientIp: "10.0.0.1", userAgent: "t"))));
    }

    [Test]
    public async Task ABadLog_NamesItsLine_AndSavesNothing()
    {
        var path = Path.Combine(Database.DataDirectory, "broken.log");
        await File.WriteAllLinesAsync(path, ["#Software: IIS", "2026-11-20 01:00:00 GET /Personnel/Employee no=D000003 203.0.113.9 200"]);
        var incident = await NewIncidentAsync();

        var bad = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ScopeIncident(incident, FromLog(LogFormat.Iis, path), Officer)));
        Assert.That(bad!.Errors.Single().Row, Is.EqualTo(2));
        Assert.That(bad.Errors.Single().Message, Does.Contain("#Fields"));
        Assert.That((await SendAsync(new GetIncident(incident, Officer)))!.CurrentSet, Is.Null);
    }
}
