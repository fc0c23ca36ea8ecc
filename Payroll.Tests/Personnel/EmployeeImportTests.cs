using ClosedXML.Excel;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>Excel import: every error named by row and column, all or nothing, an upsert by employee number, re-import a no-op.</summary>
public sealed class EmployeeImportTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Clerk = Actor.User(6, "hr.lin", ["HrClerk"], sessionKey: "s", clientIp: "10.0.0.6", userAgent: "test");
    private static readonly DateOnly Effective = new(2026, 12, 1);

    [OneTimeSetUp]
    public async Task UnitsAsync()
    {
        await Migrator.MigrateAsync();
        await SendAsync(new SeedDemoUnits(3, 7, TestActors.Staff));
    }

    [Test]
    public async Task Template_HasTheHeadings_Lists_AndInstructions()
    {
        var bytes = await SendAsync(new GetEmployeeImportTemplate(TestActors.Staff));
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("人員資料");
        Assert.That(sheet.Row(1).Cells(1, 28).Select(c => c.GetString()), Is.EqualTo(Payroll.Modules.Personnel.Import.EmployeeSheet.Headings));
        Assert.That(sheet.DataValidations.Count(), Is.GreaterThanOrEqualTo(7));
        Assert.That(workbook.Worksheet("說明").Cell(1, 1).GetString(), Is.EqualTo("人員資料匯入說明"));
        Assert.That(workbook.Worksheet("代碼").Column(1).CellsUsed().Select(c => c.GetString()), Does.Contain("U0001"));
    }

    [Test]
    public async Task GoodFile_ImportsExactlyItsRows_AndReimportChangesNothing()
    {
        var prefix = Prefix();
        var file = Workbook(Row(prefix + "1", "A123456789"), Row(prefix + "2", "F234567898"), Row(prefix + "3", "A800000014"));
        var first = await ImportApprovedAsync(new ImportEmployees(file, "city.xlsx", Effective, Clerk));
        Assert.That(first.Problems, Is.Empty);
        Assert.That((first.Rows, first.Created, first.Changed, first.Unchanged), Is.EqualTo((3, 3, 0, 0)));

        var again = await ImportApprovedAsync(new ImportEmployees(file, "city.xlsx", Effective, Clerk));
        Assert.That((again.Created, again.Changed, again.Unchanged), Is.EqualTo((0, 0, 3)));
        Assert.That(await SendAsync(new GetEmployeeHistory(prefix + "1", Clerk)), Has.Count.EqualTo(1), "no new version for an unchanged person");

        var raise = Workbook(Row(prefix + "1", "A123456789", points: "445"), Row(prefix + "2", "F234567898"), Row(prefix + "3", "A800000014"));
        var third = await ImportApprovedAsync(new ImportEmployees(raise, "raise.xlsx", new DateOnly(2027, 1, 1), Clerk));
        Assert.That((third.Created, third.Changed, third.Unchanged), Is.EqualTo((0, 1, 2)));
        var history = await SendAsync(new GetEmployeeHistory(prefix + "1", Clerk));
        Assert.That(history.Select(h => h.SalaryPoints), Is.EqualTo(new int?[] { 445, 400 }));
        Assert.That(history[0].Reason, Is.EqualTo("Excel 匯入：raise.xlsx"));
    }

    [Test]
    public async Task EveryKindOfError_IsNamedByRowAndColumn_AndNothingIsImported()
    {
        var prefix = Prefix();
        var file = Workbook(
            Row(prefix + "1", "A123456789"),                          // row 2: fine
            Row(prefix + "2", "A123456788"),                          // row 3: bad checksum
            Row(prefix + "3", "A123456789", unit: "U9999"),           // row 4: unknown unit
            Row(prefix + "4", "A123456789", bank: "999"),             // row 5: unknown bank
            Row(prefix + "1", "A123456789"),                          // row 6: duplicate employee number
            Row(prefix + "6", "A123456789", name: ""),                // row 7: missing required field
            Row(prefix + "7", "A123456789", name: "王𪜶明"),           // row 8: not in Big5
            Row(prefix + "8", "A123456789", category: "董事"),         // row 9: unknown code
            Row(prefix + "9", "A123456789", points: "x"),             // row 10: not a number
            Row(prefix + "A", "A123456789", account: "12-34"));       // row 11: account shape
        var result = await ImportApprovedAsync(new ImportEmployees(file, "bad.xlsx", Effective, Clerk));

        Assert.That(result.Applied, Is.False);
        var problems = result.Problems.Select(p => (p.Row, p.Column)).ToList();
        Assert.That(problems, Is.SupersetOf(new[]
        {
            (3, "身分證號"), (4, "發薪單位"), (5, "銀行代碼"), (6, "員工編號"), (7, "姓名"), (8, "姓名"), (9, "人員類別"), (10, "俸點"), (11, "帳號"),
        }));
        Assert.That(problems.Any(p => p.Row == 2), Is.False);
        Assert.That(result.Problems.Single(p => p.Row == 3).Message, Is.EqualTo("檢查碼錯誤"));
        Assert.That(result.Problems.Single(p => p.Row == 6).Message, Is.EqualTo("與第 2 列重複"));
        Assert.That(result.Problems.Single(p => p.Row == 8).Message, Does.Contain("Big5"));
        Assert.That(await SendAsync(new GetEmployeeHistory(prefix + "1", Clerk)), Is.Empty, "the good row was not imported either");
    }

    [Test]
    public async Task FormulaInADataCell_IsRefused()
    {
        var prefix = Prefix();
        using var workbook = BuildWorkbook([Row(prefix + "1", "A123456789")]);
        workbook.Worksheet("人員資料").Cell(2, 10).FormulaA1 = "=400+0";
        var result = await ImportApprovedAsync(new ImportEmployees(Save(workbook), "f.xlsx", Effective, Clerk));
        Assert.That(result.Problems.Single(), Is.EqualTo(new ImportProblem(2, "俸點", "資料儲存格不可含公式，請貼上數值")));
    }

    [TestCase(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "不是 Excel 活頁簿", Description = "a PDF")]
    [TestCase(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0 }, "無法讀取", Description = "a broken zip")]
    public async Task NotAWorkbook_IsRefusedClearly(byte[] bytes, string message)
    {
        var result = await ImportApprovedAsync(new ImportEmployees(bytes, "x.xlsx", Effective, Clerk));
        Assert.That(result.Problems.Single().Message, Does.Contain(message));
        Assert.That(result.Problems.Single().Row, Is.Zero);
    }

    [Test]
    public async Task OversizedFile_IsRefused()
    {
        var bytes = new byte[Payroll.Modules.Personnel.Import.ImportEmployeesHandler.MaxBytes + 1];
        var result = await ImportApprovedAsync(new ImportEmployees(bytes, "big.xlsx", Effective, Clerk));
        Assert.That(result.Problems.Single().Message, Does.Contain("上限"));
    }

    [Test]
    public async Task WrongHeadings_AreNamed()
    {
        using var workbook = BuildWorkbook([]);
        workbook.Worksheet("人員資料").Cell(1, 5).Value = "ID";
        var result = await ImportApprovedAsync(new ImportEmployees(Save(workbook), "h.xlsx", Effective, Clerk));
        Assert.That(result.Problems.Single().Message, Is.EqualTo("第 5 欄標題應為「身分證號」，而非「ID」"));
    }

    private static string Prefix() => "X" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    internal static string[] Row(string no, string nationalId, string unit = "U0001", string bank = "004", string name = "陳美玲", string category = "公務人員", string points = "400", string account = "00098765432101") =>
    [
        no, unit, name, "", nationalId, "1988-05-06", category, "薦任", "6", points, "一般行政", "6", "", "", "1", "公保", "退撫基金", "扣繳稅額表", "1", "是",
        bank, "0037", account, "chen@example.invalid", "0912345678", "臺北市大安區新生南路1號", "在職", "2020-01-01",
    ];

    internal static byte[] Workbook(params string[][] rows)
    {
        using var workbook = BuildWorkbook(rows);
        return Save(workbook);
    }

    private static XLWorkbook BuildWorkbook(string[][] rows)
    {
        var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人員資料");
        var headings = Payroll.Modules.Personnel.Import.EmployeeSheet.Headings;
        for (var c = 0; c < headings.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headings[c];
        }

        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 2, c + 1).SetValue(rows[r][c]);
            }
        }

        return workbook;
    }

    private static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
