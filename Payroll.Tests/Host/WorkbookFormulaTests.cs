using System.Globalization;
using System.IO.Compression;
using ClosedXML.Excel;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Salary;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Host;

/// <summary>
/// Names beginning with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> are written as text in every exported workbook: no
/// formula element in the sheet XML, the cell reads back as the name (OWASP, "CSV injection"; security scan check 9).
/// </summary>
public sealed class WorkbookFormulaTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Clerk = Actor.User(5, "hr.chen", ["HrClerk"], sessionKey: "s-hr", clientIp: "10.0.0.5", userAgent: "test");
    private static readonly Actor Officer = Actor.User(40, "officer-a", ["ComplianceOfficer"], sessionKey: "s-a", clientIp: "10.0.0.9", userAgent: "test");
    private static readonly Actor Officer2 = Actor.User(41, "officer-b", ["ComplianceOfficer"], sessionKey: "s-b", clientIp: "10.0.0.8", userAgent: "test");
    private static readonly Actor Auditor = Actor.User(42, "auditor", ["Auditor"], sessionKey: "s-au", clientIp: "10.0.0.7", userAgent: "test");

    /// <summary>The names, as a person could be entered or imported (each is a valid name: not blank, at most 50 characters).</summary>
    private static readonly string[] FormulaNames = ["=HYPERLINK(\"http://203.0.113.9/\",\"薪資\")", "+886227208889", "-1+1", "@SUM(1,2)"];

    private static readonly string[] NationalIds = ["A123456789", "B123456780", "C123456781", "D123456782"];

    [OneTimeSetUp]
    public async Task PeopleAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(1, 7, TestActors.Staff));
        for (var i = 0; i < FormulaNames.Length; i++)
        {
            await SaveApprovedAsync(new SaveEmployee(TestData.Person(string.Create(CultureInfo.InvariantCulture, $"F{i + 1:0000}"), FormulaNames[i], NationalIds[i]), new DateOnly(2026, 1, 1), "到職", Clerk));
        }
    }

    [Test]
    public async Task PersonnelExport()
    {
        var document = await SendAsync(new ExportEmployees(null, null, Clerk));
        AssertNamesAreText(await ReadAsync(document, Clerk));
    }

    [Test]
    public async Task PayrollRegister()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        AssertNamesAreText((await SendAsync(new ExportPayrollRegister(plan.RunId, [], PayrollRunTests.Approver))).Content);
    }

    [Test]
    public async Task BreachLetterReceipts_AndTheNoticeRegister()
    {
        var incident = await SendAsync(new CreateIncident(new IncidentInput("=薪資清冊外洩", Clock.UtcNow, 2, BreachRuleSet.Pdpa,
            Facts: "=清冊可不經登入下載。", DataCategories: ["name", "salary"], ContactOffice: "人事處個資保護窗口", ContactPhone: "02-2720-8889", ContactEmail: "privacy@city.test"), Officer));
        await SendAsync(new AddIncidentMeasure(incident, Clock.UtcNow.AddHours(-1), "已關閉下載路徑。", Officer));
        await SendAsync(new ScopeIncident(incident, ScopeInput.FromList(Payroll.Benchmarks.SyntheticCity.NumberList(Enumerable.Range(1, FormulaNames.Length).Select(i => $"F{i:0000}"))), Officer));
        await SendAsync(new RequestNoticeLaunch(incident, false, Officer));
        await SendAsync(new ApproveNoticeLaunch(incident, Officer2));

        var batch = (await SendAsync(new PrintLetters(incident, Officer))).Single();
        Assert.That(batch.Letters, Is.EqualTo(FormulaNames.Length), "nobody has an e-mail address: a letter each");
        AssertNamesAreText(await ReadAsync(batch.ReceiptDocumentId, Officer));

        var register = await ReadAsync(await SendAsync(new ExportNoticeRegister(incident, Auditor)), Auditor);
        AssertNoFormulas(register);
        using var book = new XLWorkbook(new MemoryStream(register));
        Assert.That(book.Worksheet("事故").CellsUsed().Select(c => c.GetString()), Does.Contain("=清冊可不經登入下載。"), "the officer's words too");
    }

    /// <summary>
    /// No formula element in any sheet, and each name is a text cell that reads back as exactly that text, with the quote
    /// prefix that keeps it text when someone edits the cell.
    /// </summary>
    private static void AssertNamesAreText(byte[] workbook)
    {
        AssertNoFormulas(workbook);
        using var book = new XLWorkbook(new MemoryStream(workbook));
        var cells = book.Worksheets.SelectMany(s => s.CellsUsed()).ToList();
        foreach (var name in FormulaNames)
        {
            var cell = cells.FirstOrDefault(c => c.GetString() == name);
            Assert.That(cell, Is.Not.Null, $"{name} is in the workbook as text");
            Assert.That((cell!.HasFormula, cell.DataType, cell.Style.IncludeQuotePrefix), Is.EqualTo((false, XLDataType.Text, true)), name);
        }
    }

    private static void AssertNoFormulas(byte[] workbook)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook));
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList();
        Assert.That(sheets, Is.Not.Empty);
        foreach (var entry in sheets)
        {
            using var reader = new StreamReader(entry.Open());
            var xml = reader.ReadToEnd();
            Assert.That(System.Text.RegularExpressions.Regex.IsMatch(xml, "<(\\w+:)?f[ >]"), Is.False, $"{entry.FullName} holds a formula");
        }
    }

    private async Task<byte[]> ReadAsync(string documentId, Actor reader)
    {
        var grant = await SendAsync(new RequestDownload(documentId, reader));
        return (await SendAsync(new RedeemDownload(grant!.GrantId, reader)))!.Content;
    }
}
