using ClosedXML.Excel;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>Paying units and bank codes from Excel: all or nothing, problems by row and column; people are checked against them.</summary>
public sealed class ReferenceImportTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s", clientIp: "10.0.0.1", userAgent: "t");

    [OneTimeSetUp]
    public Task MigrateAsync() => Migrator.MigrateAsync();

    [Test]
    public async Task Units_WithParentsInTheSameFile_AndEveryProblemNamed()
    {
        var bad = Sheet("發薪單位", ["代碼", "名稱", "上級代碼", "銀行代碼", "分行代碼", "帳號", "聯絡人"],
            ["A01", "臺北市政府教育局", "", "004", "0037", "12345678901234", "人事室"],
            ["A02", "臺北市立甲國民小學", "A01", "004", "37", "12345678901234", ""],
            ["A03", "臺北市立乙國民小學", "ZZZ", "998", "0037", "123", ""]);
        var refused = await SendAsync(new ImportUnits(bad, "u.xlsx", Admin));
        Assert.That(refused.Problems.Select(p => (p.Row, p.Column)), Is.EquivalentTo(new[] { (3, "分行代碼"), (4, "銀行代碼"), (4, "帳號"), (4, "上級代碼") }));

        var good = Sheet("發薪單位", ["代碼", "名稱", "上級代碼", "銀行代碼", "分行代碼", "帳號", "聯絡人"],
            ["A02", "臺北市立甲國民小學", "A01", "004", "0037", "12345678901234", ""],
            ["A01", "臺北市政府教育局", "", "004", "0037", "12345678901234", "人事室"]);
        var applied = await SendAsync(new ImportUnits(good, "u.xlsx", Admin));
        Assert.That((applied.Applied, applied.Created), Is.EqualTo((true, 2)));
        Assert.That((await SendAsync(new ImportUnits(good, "u.xlsx", Admin))).Created, Is.Zero, "an upsert by code");
    }

    [Test]
    public async Task BudgetCode_IsAnOptionalColumn_AFileWithoutItKeepsTheUnitsCodes()
    {
        string[] withBudget = ["代碼", "名稱", "上級代碼", "銀行代碼", "分行代碼", "帳號", "聯絡人", "預算科目"];
        var tooLong = await SendAsync(new ImportUnits(Sheet("發薪單位", withBudget, ["C01", "預算單位", "", "004", "0037", "12345678901234", "", new string('科', 51)]), "u.xlsx", Admin));
        Assert.That(tooLong.Problems.Select(p => (p.Row, p.Column)), Is.EqualTo(new[] { (2, "預算科目") }));

        await SendAsync(new ImportUnits(Sheet("發薪單位", withBudget, ["C01", "預算單位", "", "004", "0037", "12345678901234", "", "一般行政－人員維持"]), "u.xlsx", Admin));
        Assert.That((await Services.SendWithinAsync(new GetPayingUnits(["C01"]))).Single().BudgetCode, Is.EqualTo("一般行政－人員維持"));

        await SendAsync(new ImportUnits(Sheet("發薪單位", ["代碼", "名稱", "上級代碼", "銀行代碼", "分行代碼", "帳號", "聯絡人"],
            ["C01", "預算單位（改名）", "", "004", "0037", "12345678901234", ""]), "u.xlsx", Admin));
        Assert.That((await Services.SendWithinAsync(new GetPayingUnits(["C01"]))).Single(), Is.EqualTo(new PayingUnit("C01", "預算單位（改名）", "一般行政－人員維持")));

        await SendAsync(new ImportUnits(Sheet("發薪單位", withBudget, ["C01", "預算單位", "", "004", "0037", "12345678901234", "", ""]), "u.xlsx", Admin));
        Assert.That((await Services.SendWithinAsync(new GetPayingUnits(["C01"]))).Single().BudgetCode, Is.Null, "an empty cell clears it");
    }

    [Test]
    public async Task BankBranches_OnceImported_AreEnforcedForPeople()
    {
        var banks = Sheet("銀行分行", ["銀行代碼", "銀行名稱", "分行代碼", "分行名稱"], ["005", "臺灣土地銀行", "0012", "館前分行"]);
        Assert.That((await SendAsync(new ImportBankCodes(banks, "b.xlsx", Admin))).Applied, Is.True);
        await SendAsync(new ImportUnits(Sheet("發薪單位", ["代碼", "名稱", "上級代碼", "銀行代碼", "分行代碼", "帳號", "聯絡人"],
            ["B01", "測試單位", "", "004", "0037", "12345678901234", ""]), "u.xlsx", Admin));

        var person = new EmployeeInput(
            "BR1", "B01", "林一", null, "A123456789", new DateOnly(1990, 1, 1), StaffCategory.Worker, null, null, null, null, null, null, null, 0, "勞保",
            PensionScheme.OldFund, WithholdingMethod.Table, 0, true, "005", "0099", "1234567890", null, null, null, EmploymentStatus.Active, new DateOnly(2026, 1, 1));
        var error = Assert.ThrowsAsync<InvalidInputException>(() => SaveApprovedAsync(new SaveEmployee(person, new DateOnly(2026, 1, 1), "到職", TestActors.Staff)));
        Assert.That(error!.Errors.Single().Message, Is.EqualTo("銀行 005 查無分行代碼「0099」"));
        Assert.That(await SaveApprovedAsync(new SaveEmployee(person with { BranchCode = "0012" }, new DateOnly(2026, 1, 1), "到職", TestActors.Staff)), Is.GreaterThan(0));
    }

    private static byte[] Sheet(string name, string[] headings, params string[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(name);
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

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
