using ClosedXML.Excel;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>A whole city (44,520 people, Taipei 2017) in one workbook: one bad row stops all of it; a clean file goes in whole.</summary>
public sealed class CityImportTests(string provider) : DatabaseFixture(provider)
{
    private const int City = 44_520;
    private static readonly Actor Clerk = Actor.User(1, "hr.city", ["HrClerk"], sessionKey: "s", clientIp: "10.0.0.1", userAgent: "t");

    [Test]
    public async Task CityFile_WithOneBadRowAtTheEnd_ImportsNothing_ThenWholeWhenFixed()
    {
        await Migrator.MigrateAsync();
        await SendAsync(new SeedDemoUnits(390, 1, TestActors.Staff));
        var clean = Payroll.Benchmarks.SyntheticCity.ImportWorkbook(await SendAsync(new GetEmployeeImportTemplate(TestActors.Staff)), City);

        using (var workbook = new XLWorkbook(new MemoryStream(clean)))
        {
            workbook.Worksheet("人員資料").Cell(City + 1, 5).SetValue("A123456788");
            using var stream = new MemoryStream();
            workbook.SaveAs(stream);
            var refused = await ImportApprovedAsync(new ImportEmployees(stream.ToArray(), "city-bad.xlsx", new DateOnly(2026, 12, 1), Clerk));
            Assert.That(refused.Problems.Single(), Is.EqualTo(new ImportProblem(City + 1, "身分證號", "檢查碼錯誤")));
        }

        Assert.That(await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff)), Is.Empty, "nothing of the first 44,519 rows was written");

        var imported = await ImportApprovedAsync(new ImportEmployees(clean, "city.xlsx", new DateOnly(2026, 12, 1), Clerk));
        Assert.That((imported.Applied, imported.Created), Is.EqualTo((true, City)));
        Assert.That(await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff)), Has.Count.EqualTo(City));
    }
}
