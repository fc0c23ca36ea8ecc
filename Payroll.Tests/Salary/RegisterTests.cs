using Payroll.Modules.Kernel.Errors;
using ClosedXML.Excel;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Host;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Salary;

/// <summary>The payroll register (薪資清冊): totals equal the run's, identifiers masked, a footer, kept in the Vault and recorded.</summary>
public sealed class RegisterTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private PayrollRunDetail _run = null!;
    private DemoEmployees _demo = null!;

    [OneTimeSetUp]
    public async Task PayDecemberAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(3, 21, TestActors.Staff));
        _demo = await SendAsync(new SeedDemoEmployees(1, 90, 21, TestActors.Staff));
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        _run = (await SendAsync(new GetPayrollRun(plan.RunId, PayrollRunTests.Operator)))!;
    }

    private static (IXLWorksheet Sheet, XLWorkbook Book) Open(byte[] content)
    {
        var book = new XLWorkbook(new MemoryStream(content));
        return (book.Worksheet(1), book);
    }

    /// <summary>The column of a heading in row 3.</summary>
    private static int Column(IXLWorksheet sheet, string heading) => sheet.Row(3).CellsUsed().First(c => c.GetString() == heading).Address.ColumnNumber;

    private static IXLRow RowStartingWith(IXLWorksheet sheet, string text) =>
        sheet.RowsUsed().First(r => r.Cell(2).GetString().StartsWith(text, StringComparison.Ordinal));

    [Test]
    public async Task AllUnits_TotalsEqualTheRun_EachUnitsSubtotalEqualsItsTotals()
    {
        var export = await SendAsync(new ExportPayrollRegister(_run.Summary.RunId, [], PayrollRunTests.Approver));

        Assert.That(export.Totals, Is.EqualTo(_run.Summary.Totals));
        var (sheet, book) = Open(export.Content);
        using (book)
        {
            var total = RowStartingWith(sheet, "總計");
            Assert.That(total.Cell(Column(sheet, "應發合計")).GetValue<long>(), Is.EqualTo(_run.Summary.Totals.Gross));
            Assert.That(total.Cell(Column(sheet, "應扣合計")).GetValue<long>(), Is.EqualTo(_run.Summary.Totals.Deductions));
            Assert.That(total.Cell(Column(sheet, "實發金額")).GetValue<long>(), Is.EqualTo(_run.Summary.Totals.Net));
            foreach (var unit in _run.Units)
            {
                Assert.That(RowStartingWith(sheet, unit.UnitCode + " 小計").Cell(Column(sheet, "實發金額")).GetValue<long>(), Is.EqualTo(unit.Totals.Net), unit.UnitCode);
            }

            Assert.That(sheet.Cell(1, 1).GetString(), Does.Contain("中華民國115年12月").And.Contain("薪資清冊"));
            Assert.That(sheet.Cell(3, 2).GetString(), Is.EqualTo("員工編號"));
            Assert.That(sheet.LastRowUsed().Cell(1).GetString(), Does.Contain("製表人：approver").And.Contain("製表時間：中華民國"));
        }
    }

    [Test]
    public async Task OneUnit_HasOnlyItsPeople_MaskedIdentifiers_AndIsAVaultDocumentWithThemAsSubjects()
    {
        var unit = _run.Units[1];
        var export = await SendAsync(new ExportPayrollRegister(_run.Summary.RunId, [unit.UnitCode], PayrollRunTests.Operator));

        Assert.That(export.Totals.Net, Is.EqualTo(unit.Totals.Net));
        var (sheet, book) = Open(export.Content);
        using (book)
        {
            var people = sheet.RowsUsed().Where(r => r.Cell(1).DataType == XLDataType.Number).ToList();
            Assert.That(people, Has.Count.EqualTo(unit.Totals.People));
            Assert.That(people.All(r => r.Cell(4).GetString().Contains('*', StringComparison.Ordinal)), Is.True, "national IDs masked");
            Assert.That(people.All(r => r.Cell(Column(sheet, "入帳帳號")).GetString().Contains('*', StringComparison.Ordinal)), Is.True, "accounts masked");
        }

        // The canary person's account and national ID never appear in clear, in any register.
        var all = await SendAsync(new ExportPayrollRegister(_run.Summary.RunId, [], PayrollRunTests.Operator));
        var (everyone, allBook) = Open(all.Content);
        using (allBook)
        {
            var texts = everyone.CellsUsed().Select(cell => cell.GetString()).ToList();
            Assert.That(texts, Has.Some.Contains(_demo.Canaries[0]), "the canary person is in it, by name");
            Assert.That(texts.Any(t => t.Contains(_demo.Canaries[1], StringComparison.Ordinal) || t.Contains(_demo.Canaries[2], StringComparison.Ordinal)), Is.False);
        }

        var info = (await Services.SendWithinAsync(new GetDocumentInfo(export.DocumentId)))!;
        Assert.That((info.Kind, info.OwnerModule, info.SubjectCount), Is.EqualTo(("payroll-register", "Salary", unit.Totals.People + unit.Totals.Exceptions)));
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM vault_access WHERE action = 'Export' AND document_id = @DocumentId AND actor = 'operator'", new { export.DocumentId }), Is.EqualTo(1));
    }

    [Test]
    public void UnknownUnit_OrAnEmployee_IsRefused()
    {
        var unknown = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new ExportPayrollRegister(_run.Summary.RunId, ["NOPE"], PayrollRunTests.Operator)));
        Assert.That(unknown!.Message, Does.Contain("NOPE"));
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ExportPayrollRegister(_run.Summary.RunId, [], Actor.User(5, "emp", ["Employee"], sessionKey: "s", employeeId: 1))));
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Cli_WritesTheRegister_ReadableByItsOwnerOnly()
    {
        var path = Path.Combine(Database.DataDirectory, "register.xlsx");
        var (code, output, error) = await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, "register", "export", "--run", _run.Summary.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--unit", _run.Units[0].UnitCode, "--out", path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain(_run.Units[0].Totals.Net.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        using var book = new XLWorkbook(path);
        Assert.That(RowStartingWith(book.Worksheet(1), "總計").Cell(Column(book.Worksheet(1), "實發金額")).GetValue<long>(), Is.EqualTo(_run.Units[0].Totals.Net));
    }
}
