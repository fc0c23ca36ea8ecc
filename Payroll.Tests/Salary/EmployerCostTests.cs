using ClosedXML.Excel;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Salary.Costs;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// The employer's costs for the accounting office: per unit and budget code, from the approved runs paid in a month,
/// with the unit's own 二代健保 premium (全民健康保險法 §34); kept in the Vault and recorded.
/// </summary>
public sealed class EmployerCostTests(string provider) : DatabaseFixture(provider)
{
    private long _runId;

    [OneTimeSetUp]
    public async Task PayAndApproveDecemberAsync()
    {
        await Services.SeedDemoCityAsync(3, 60, 31);
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        _runId = plan.RunId;
        await Services.ApproveAcknowledgingAsync(_runId, PayrollRunTests.Approver);
    }

    [Test]
    public void SupplementaryPremium_OfTheUnit_AsTheCourtWorkedIt()
    {
        // 臺灣臺南地方法院 111年度簡字第79號 (2018, rate 1.91%): salaries 5,280,757, insured amounts 23,100, difference
        // 5,257,657 × 1.91% = 100,421.25 → 100,421.
        Assert.That(EmployerCostReader.SupplementaryPremium(5_280_757, 23_100, 0.0191m), Is.EqualTo(100_421));
        Assert.That(EmployerCostReader.SupplementaryPremium(100_000, 120_000, 0.0211m), Is.Zero, "insured amounts above the salaries: nothing due");
    }

    [Test]
    public async Task EachUnit_SumsItsPeoplesEmployerLines_AndOwesSection34_OnSalariesBeyondInsuredAmounts()
    {
        var export = await SendAsync(new ExportEmployerCosts("2026-12", [], PayrollRunTests.Approver));

        var slips = (await Services.PayslipsAsync(_runId)).Where(p => p.Exception is null)
            .Select(p => (p.EmployeeId, p.UnitCode, p.Gross, p.Figures.NhiInsured)).ToList();
        foreach (var unit in export.Units)
        {
            var mine = slips.Where(s => s.UnitCode == unit.UnitCode).ToList();
            var nhi = 0L;
            var insurance = 0L;
            foreach (var slip in mine)
            {
                var view = (await SendAsync(new GetPayslip(_runId, slip.EmployeeId, PayrollRunTests.Approver)))!;
                nhi += view.Lines.Where(l => l.IsEmployerCost && l.Code == "ER:NHI").Sum(l => l.Amount);
                insurance += view.Lines.Where(l => l.IsEmployerCost && l.Code == "ER:INS").Sum(l => l.Amount);
            }

            Assert.Multiple(() =>
            {
                Assert.That(unit.People, Is.EqualTo(mine.Count), unit.UnitCode);
                Assert.That(unit.Salaries, Is.EqualTo(mine.Sum(s => s.Gross)), unit.UnitCode);
                Assert.That(unit.NhiInsured, Is.EqualTo(mine.Sum(s => s.NhiInsured)), unit.UnitCode);
                Assert.That(unit.Shares.Nhi, Is.EqualTo(nhi).And.EqualTo(mine.Sum(s => (long)Math.Round(s.NhiInsured * 0.0517m * 0.7m * 1.56m, MidpointRounding.AwayFromZero))),
                    "健保法 §27, §29: each insured's amount × 5.17% × 70% × 1.56, rounded per person");
                Assert.That(unit.Shares.PublicInsurance, Is.EqualTo(insurance).And.GreaterThan(0));
                Assert.That(unit.SupplementaryPremium, Is.EqualTo((long)Math.Round(Math.Max(0, unit.Salaries - unit.NhiInsured) * 0.0211m, MidpointRounding.AwayFromZero)),
                    "§34 at 2.11% on the salaries beyond the insured amounts");
                Assert.That(unit.BudgetCode, Is.Not.Null.And.Not.Empty, "the demo units carry a 預算科目");
            });
        }

        Assert.That(export.Units.Sum(u => u.People), Is.EqualTo(slips.Count));
    }

    [Test]
    public async Task Workbook_ByBudgetCode_NamesItsPeople_InTheVault_AndTheExportIsRecorded()
    {
        var export = await SendAsync(new ExportEmployerCosts("2026-12", [], PayrollRunTests.Approver));

        using var book = new XLWorkbook(new MemoryStream(export.Content));
        Assert.That(book.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "單位彙總", "個人明細", "補充保費計算" }));
        var summary = book.Worksheet("單位彙總");
        Assert.That(summary.Cell(2, 1).GetString(), Does.Contain("試算"), "the run read unverified tables: the trial mark");
        var total = summary.RowsUsed().Single(r => r.Cell(1).GetString() == "總計");
        var headings = summary.Row(3).CellsUsed().ToDictionary(x => x.GetString(), x => x.Address.ColumnNumber);
        Assert.That(total.Cell(headings["機關負擔合計"]).GetValue<long>(), Is.EqualTo(export.Units.Sum(u => u.Total)));
        foreach (var budget in export.Units.GroupBy(u => u.BudgetCode))
        {
            var subtotal = summary.RowsUsed().Single(r => r.Cell(1).GetString() == budget.Key + " 小計");
            Assert.That(subtotal.Cell(headings["薪資總額"]).GetValue<long>(), Is.EqualTo(budget.Sum(u => u.Salaries)), budget.Key);
        }

        var people = book.Worksheet("個人明細").RowsUsed().Count() - 3;
        var subjects = (await Services.SendWithinAsync(new GetDocumentSubjects([], [export.DocumentId]))).Single();
        Assert.That(subjects.Kind, Is.EqualTo("employer-costs"));
        Assert.That(subjects.SubjectIds, Has.Count.EqualTo(people).And.Count.EqualTo(export.Units.Sum(u => u.People)));
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_access WHERE document_id = @DocumentId AND action = 'Export'", new { export.DocumentId }), Is.EqualTo(1));
    }

    [Test]
    public void NothingPaidThatMonth_OrNotPayrollStaff_IsRefused_WithTheField()
    {
        var none = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ExportEmployerCosts("2026-10", [], PayrollRunTests.Approver)));
        Assert.That(none!.Errors.Single().Field, Is.EqualTo("payMonth"));
        var badMonth = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ExportEmployerCosts("2026-13", [], PayrollRunTests.Approver)));
        Assert.That(badMonth!.Errors.Single().Field, Is.EqualTo("payMonth"));
        var unknownUnit = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ExportEmployerCosts("2026-12", ["NOPE"], PayrollRunTests.Approver)));
        Assert.That(unknownUnit!.Errors.Single().Field, Is.EqualTo("units"));
        var employee = Actor.User(99, "someone", ["Employee"], sessionKey: "s-e", employeeId: 1);
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ExportEmployerCosts("2026-12", [], employee)));
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ExportEmployerCosts("2026-12", [], Actor.Anonymous("203.0.113.9", "curl"))), "no user id is no pass");
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ExportEmployerCosts("2026-12", [], Actor.Job("payroll-monthly"))));
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Cli_WritesTheWorkbook_ReadableByItsOwnerOnly_AndABadMonthNamesTheField()
    {
        var expected = await SendAsync(new ExportEmployerCosts("2026-12", [], PayrollRunTests.Approver));
        var path = Path.Combine(Database.DataDirectory, "costs.xlsx");
        var (code, output, error) = await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, "costs", "export", "--month", "2026-12", "--out", path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain(expected.Units.Sum(u => u.Total).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        var (badCode, _, badError) = await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, "costs", "export", "--month", "2026/12", "--out", path + ".2");
        Assert.That(badCode, Is.Not.Zero);
        Assert.That(badError, Does.Contain("payMonth"));
    }
}
