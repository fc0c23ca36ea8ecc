using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>
/// HR clerk pages: masked by default, unmasking one field needs a reason, and every page that shows people records
/// exactly those people in the ledger.
/// </summary>
public sealed partial class PersonnelPagesTests(string provider) : HostFixture(provider)
{
    private static readonly Actor System = TestActors.Staff;

    [OneTimeSetUp]
    public async Task PeopleAsync()
    {
        await SendAsync(new SeedDemoUnits(3, 5, TestActors.Staff));
        await SaveApprovedAsync(new SaveEmployee(TestData.Person("P0001", "王大明", "A123456789"), new DateOnly(2026, 1, 1), "到職", System));
        await SaveApprovedAsync(new SaveEmployee(TestData.Person("P0002", "李小華", "F234567898"), new DateOnly(2026, 1, 1), "到職", System));
    }

    [Test]
    public async Task Search_ShowsMaskedIds_AndRecordsExactlyThePeopleShown()
    {
        using var clerk = await ClerkAsync();
        using var search = await clerk.PostFormAsync("/Personnel", new Dictionary<string, string> { ["q"] = "P000" }, "/Personnel?handler=Search");
        var html = await search.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("王大明").And.Contain("A12****789").And.Not.Contain("A123456789"));
        Assert.That(html, Does.Contain("F23****898").And.Not.Contain("F234567898"));

        using var byIdResponse = await clerk.PostFormAsync("/Personnel", new Dictionary<string, string> { ["q"] = "F234567898" }, "/Personnel?handler=Search");
        var byId = await byIdResponse.Content.ReadAsStringAsync();
        Assert.That(byId, Does.Contain("李小華").And.Not.Contain("王大明"), "a national ID finds its person through the blind index");
        Assert.That(byId, Does.Not.Contain("q=F234567898"), "no link carries the query");

        var searches = await LedgerAsync("personnel/search");
        Assert.That(searches[^3].SubjectCount, Is.EqualTo(2), "the first search showed two people (the page opened between them lists everyone, and is recorded too)");
        Assert.That(searches[^1].SubjectCount, Is.EqualTo(1), "the search by ID showed one");
    }

    [Test]
    public async Task AQueryInTheAddress_IsNotRead_SoNoSearchNeedsOne()
    {
        using var clerk = await ClerkAsync();
        var html = await clerk.Http.GetStringAsync("/Personnel?q=F234567898");
        Assert.That(html, Does.Contain("王大明"), "the address's query is ignored: the page lists everyone");
        Assert.That(html, Does.Contain("method=\"post\"").And.Contain("id=\"personnel-search\""));
    }

    [Test]
    public async Task Export_GoesThroughTheVault_MaskedAndSingleUse()
    {
        using var clerk = await ClerkAsync();
        using var export = await clerk.PostFormAsync("/Personnel", new Dictionary<string, string> { ["q"] = "P000" }, "/Personnel?handler=Export");
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var url = export.Headers.Location!.OriginalString;
        Assert.That(url, Does.StartWith("/documents/download/"));

        using var file = await clerk.GetAsync(url);
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var workbook = new XLWorkbook(new MemoryStream(await file.Content.ReadAsByteArrayAsync()));
        var cells = workbook.Worksheet(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.That(cells, Does.Contain("A12****789").And.Not.Contain("A123456789"));
        Assert.That((await clerk.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "once only");
    }

    [Test]
    public async Task Unmasking_NeedsAReason_ShowsOneField_AndIsRecordedWithTheReason()
    {
        using var clerk = await ClerkAsync();
        var page = await clerk.Http.GetStringAsync("/Personnel/Employee?no=P0001");
        Assert.That(page, Does.Contain("****4321").And.Not.Contain("00012345674321"));

        using var noReason = await clerk.PostFormAsync("/Personnel/Employee?no=P0001", new Dictionary<string, string> { ["Field"] = "BankAccount", ["Reason"] = "" }, "/Personnel/Employee?no=P0001&handler=Unmask");
        Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await noReason.Content.ReadAsStringAsync(), Does.Not.Contain("00012345674321"));

        using var shown = await clerk.PostFormAsync("/Personnel/Employee?no=P0001", new Dictionary<string, string> { ["Field"] = "BankAccount", ["Reason"] = "核對退匯帳號" }, "/Personnel/Employee?no=P0001&handler=Unmask");
        Assert.That(await shown.Content.ReadAsStringAsync(), Does.Contain("00012345674321"));

        var unmask = (await LedgerAsync("personnel/unmask/bank-account")).Single();
        Assert.That(unmask.Action, Is.EqualTo(AccessAction.Unmask));
        Assert.That(unmask.Reason, Is.EqualTo("reason: 核對退匯帳號"));
    }

    [Test]
    public async Task Import_ListsProblemsByRowAndColumn_ThenImportsTheCorrectedFile()
    {
        using var clerk = await ClerkAsync();
        using var bad = await UploadAsync(clerk, Workbook(["P0100", "U0001", "張三", "", "A123456788"]), "2026-12-01");
        var html = await bad.Content.ReadAsStringAsync();
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(html, Does.Contain("id=\"import-refused\""));
        Assert.That(Problems(html), Does.Contain(("2", "身分證號", "檢查碼錯誤")));

        using var good = await UploadAsync(clerk, Workbook(["P0100", "U0001", "張三", "", "A123456789"]), "2026-12-01");
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await good.Content.ReadAsStringAsync(), Does.Contain("id=\"import-done\""));
    }

    [Test]
    public async Task Import_AcceptsUploadsOverTheGeneralBodyLimit()
    {
        using var clerk = await ClerkAsync();
        using var big = await UploadAsync(clerk, new byte[2 * 1024 * 1024], "2026-12-01");
        Assert.That(big.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "2 MB reaches the import, which says what is wrong");
        Assert.That(await big.Content.ReadAsStringAsync(), Does.Contain("不是 Excel 活頁簿"));
    }

    [Test]
    public async Task Employee_SeesTheirOwnRecordOnly_AndTheReadIsRecorded()
    {
        var account = await Host.AddEmployeeUserAsync(NewName("emp"), "P0002");
        using var client = Host.Client();
        await client.LoginAsync(account);
        using var me = await client.Http.GetAsync("/Me");
        var html = await me.Content.ReadAsStringAsync();
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain("李小華").And.Contain("F23****898").And.Not.Contain("王大明"));
        Assert.That(await client.Http.GetStringAsync("/Me?no=P0001"), Does.Not.Contain("王大明"), "no parameter selects another person");
        var read = (await LedgerAsync("personnel/history")).Last(e => e.ActorName == account.Username);
        Assert.That(read.SubjectCount, Is.EqualTo(1));

        using (var hr = await ClerkAsync())
        {
            using var saved = await hr.PostFormAsync("/Personnel/Employee?no=P0002", new Dictionary<string, string>
            {
                ["AppraisalYear"] = "114", ["AppraisalGrade"] = "Jia", ["DecidedOn"] = "2026-01-20",
            }, "/Personnel/Employee?no=P0002&handler=Appraisal");
            Assert.That(await saved.Content.ReadAsStringAsync(), Does.Contain("甲等"));
        }

        Assert.That(await client.Http.GetStringAsync("/Me"), Does.Contain("甲等"), "the person sees their own appraisal");

        var unlinked = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var other = Host.Client();
        await other.LoginAsync(unlinked);
        Assert.That(await other.Http.GetStringAsync("/Me"), Does.Contain("id=\"not-linked\""));
    }

    [Test]
    public async Task Edit_AddsAVersionFromItsDate_AndNamesBadFields()
    {
        using var clerk = await ClerkAsync();
        using var bad = await clerk.PostFormAsync("/Personnel/Edit?no=P0002", new Dictionary<string, string>
        {
            ["EffectiveFrom"] = "2026-10-01", ["Reason"] = "升等", ["UnitCode"] = "U0001", ["Grade"] = "7", ["SalaryPoints"] = "430",
            ["BankCode"] = "999", ["BranchCode"] = "0037", ["Status"] = "Active", ["StatusDate"] = "2026-01-01",
        });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await bad.Content.ReadAsStringAsync(), Does.Contain("查無銀行代碼「999」"));

        using var ok = await clerk.PostFormAsync("/Personnel/Edit?no=P0002", new Dictionary<string, string>
        {
            ["EffectiveFrom"] = "2026-10-01", ["Reason"] = "升等", ["UnitCode"] = "U0001", ["Grade"] = "7", ["SalaryPoints"] = "430",
            ["BankCode"] = "004", ["BranchCode"] = "0037", ["Status"] = "Active", ["StatusDate"] = "2026-01-01",
        });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(ok.Headers.Location!.OriginalString, Does.StartWith("/Personnel/Pending?made="), "grade and points wait for a second clerk");
        var made = long.Parse(ok.Headers.Location!.OriginalString.Split('=')[1], CultureInfo.InvariantCulture);
        var waiting = (await SendAsync(new GetEmployeesForPayroll(2026, 10, [], TestActors.Staff))).Single(e => e.EmployeeNo == "P0002");
        Assert.That(waiting.SalaryPoints, Is.EqualTo(400), "not in force while it waits");

        // The maker cannot approve their own change; a second clerk sees it with its fields and approves it.
        using var own = await clerk.PostFormAsync("/Personnel/Pending", new Dictionary<string, string> { ["ids"] = made.ToString(CultureInfo.InvariantCulture), ["approve"] = "true" }, "/Personnel/Pending?handler=Decide");
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var second = await ClerkAsync();
        var page = await second.Http.GetStringAsync("/Personnel/Pending");
        Assert.That(page, Does.Contain($"id=\"change-{made}\"").And.Contain("SalaryPoints"));
        using var approved = await second.PostFormAsync("/Personnel/Pending", new Dictionary<string, string> { ["ids"] = made.ToString(CultureInfo.InvariantCulture), ["approve"] = "true" }, "/Personnel/Pending?handler=Decide");
        Assert.That(await approved.Content.ReadAsStringAsync(), Does.Contain("id=\"decided\""));

        var october = (await SendAsync(new GetEmployeesForPayroll(2026, 10, [], TestActors.Staff))).Single(e => e.EmployeeNo == "P0002");
        var september = (await SendAsync(new GetEmployeesForPayroll(2026, 9, [], TestActors.Staff))).Single(e => e.EmployeeNo == "P0002");
        Assert.That((september.SalaryPoints, october.SalaryPoints), Is.EqualTo((400, 430)));
        var history = await SendAsync(new GetEmployeeHistory("P0002", System));
        Assert.That(history[0].BankAccountMasked, Is.EqualTo("****4321"), "an empty account field keeps the account");
    }

    [TestCase(Roles.PayrollOperator)]
    [TestCase(Roles.Auditor)]
    [TestCase(Roles.Employee)]
    public async Task OtherRoles_Get403(string role)
    {
        var account = await Host.AddUserAsync(NewName("x"), role != Roles.Employee, role);
        using var client = Host.Client();
        await client.LoginAsync(account);
        foreach (var page in new[] { "/Personnel", "/Personnel/Employee?no=P0001", "/Personnel/Import", "/Personnel/Edit?no=P0001", "/Personnel/Pending" })
        {
            Assert.That((await client.GetAsync(page)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), page);
        }
    }

    private static List<(string, string, string)> Problems(string html) =>
        ProblemRow().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();

    private static async Task<HttpResponseMessage> UploadAsync(TestClient client, byte[] file, string effective)
    {
        var page = await client.Http.GetStringAsync("/Personnel/Import");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(effective), "EffectiveFrom" },
            { new ByteArrayContent(file), "Workbook", "city.xlsx" },
        };
        return await client.Http.PostAsync("/Personnel/Import", form);
    }

    private static byte[] Workbook(string[] start)
    {
        string[] rest = ["1988-05-06", "公務人員", "薦任", "6", "400", "一般行政", "6", "", "", "1", "公保", "退撫基金", "扣繳稅額表", "1", "是",
            "004", "0037", "00098765432101", "", "", "", "在職", "2020-01-01"];
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人員資料");
        var headings = Payroll.Modules.Personnel.Import.EmployeeSheet.Headings;
        string[] row = [.. start, .. rest];
        for (var c = 0; c < headings.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headings[c];
            sheet.Cell(2, c + 1).SetValue(row[c]);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private async Task<TestClient> ClerkAsync()
    {
        var account = await Host.AddUserAsync(NewName("hr"), true, Roles.HrClerk);
        var client = Host.Client();
        Host.Clock.Advance(TimeSpan.FromSeconds(31));
        await client.LoginAsync(account);
        return client;
    }

    private async Task<IReadOnlyList<AccessEntry>> LedgerAsync(string resource)
    {
        var page = await SendAsync(new GetAccesses(new AccessFilter(DateTimeOffset.UnixEpoch, Host.Clock.UtcNow.AddMinutes(1), [], false, [], [], null, null, null), 1, 500, System));
        return page.Entries.Where(e => e.Resource == resource).Reverse().ToList();
    }

    [GeneratedRegex("<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>")]
    private static partial Regex ProblemRow();
}
