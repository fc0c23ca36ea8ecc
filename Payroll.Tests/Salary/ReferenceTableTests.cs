using Payroll.Modules.Kernel.Errors;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Salary;

/// <summary>Reference tables: shipped with their sources, loaded once, replaced only by a new dated version.</summary>
public sealed class ReferenceTableTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s-admin");
    private static readonly Actor Cli = TestActors.Staff;

    [OneTimeSetUp]
    public Task PrepareAsync() => PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);

    private static string SalaryPoints(string effective, long amountFor385, bool verified = false) => $$$"""
        {"kind": "salary-points", "effectiveFrom": "{{{effective}}}", "source": "俸額表 (test)", "verified": {{{(verified ? "true" : "false")}}},
         "content": {"rows": [{"points": 160, "amount": 13380}, {"points": 385, "amount": {{{amountFor385}}}}, {"points": 800, "amount": 63570}]}}
        """;

    [Test]
    public async Task ShippedTables_AreLoadedOnce_EachWithItsSource_AndUnverifiedFlag()
    {
        Assert.That(await SendAsync(new LoadShippedReferenceTables(Actor.Release)), Is.Zero, "already loaded at start");
        var tables = await SendAsync(new ListReferenceTables(TestActors.Staff));

        Assert.That(tables.Select(t => t.Kind), Is.SupersetOf(new[]
        {
            "salary-points", "pay-point-value", "professional-allowance", "supervisor-allowance", "area-allowance", "insurance", "nhi", "pension",
            "withholding", "supplementary-premium", "garnishment", "proration",
        }));
        Assert.That(tables.Where(t => t.LoadedBy == "system:release").All(t => t.Source.Length > 20), Is.True, "every shipped version names its source");
        Assert.That(tables.Where(t => t.LoadedBy == "system:release").All(t => !t.Verified), Is.True, "nothing shipped is marked verified (DOMAIN.md: [S] and [U] figures)");
    }

    [Test]
    public async Task InvalidTable_IsRefused_NamingEachField()
    {
        var bad = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new LoadReferenceTable(
            """{"kind": "nhi", "effectiveFrom": "2027-13-01", "source": "", "verified": true, "content": {"rate": 1.5, "employeeShare": 0.3, "dependentsCap": 3, "grades": [30000, 29000]}}""",
            Admin)));

        Assert.That(bad!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "effectiveFrom", "source", "verified", "content.rate", "content.grades" }));
        var unknown = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new LoadReferenceTable("""{"kind": "bonus-magic", "effectiveFrom": "2027-01-01", "source": "x", "verified": true, "content": {}}""", Admin)));
        Assert.That(unknown!.Errors.Single().Field, Is.EqualTo("kind"));
        var extra = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new LoadReferenceTable(
            """{"kind": "proration", "effectiveFrom": "2027-01-01", "source": "x", "verified": false, "content": {"method": "CalendarDays", "typo": 1}}""", Admin)));
        Assert.That(extra!.Errors.Single().Field, Does.StartWith("content"));
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new LoadReferenceTable(SalaryPoints("2027-01-01", 30_000), Admin with { Roles = ["PayrollOperator"] })));
    }

    [Test]
    public async Task NewVersion_AppliesFromItsDate_NeverToAnApprovedRun_AndTheSameDateIsRefused()
    {
        await SendAsync(new SeedDemoUnits(3, 5, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 60, 5, TestActors.Staff));
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        var approved = await Services.ApproveAcknowledgingAsync(plan.RunId, PayrollRunTests.Approver);

        // A raise effective inside the approved period is loaded afterwards (a late publication).
        var raise = await SendAsync(new LoadReferenceTable(SalaryPoints("2026-12-01", 31_000), Admin));
        Assert.That((raise.Kind, raise.Verified, raise.LoadedBy), Is.EqualTo(("salary-points", false, "admin")), "a new version is verified afterwards, with its document");
        Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new LoadReferenceTable(SalaryPoints("2026-12-01", 32_000), Admin)), "a correction takes a new date");

        var after = (await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!;
        Assert.That(after.Totals, Is.EqualTo(approved.Totals), "the approved run keeps its figures");
        var refs = (await Services.PayslipsAsync(plan.RunId)).SelectMany(p => p.Lines).Where(l => l.Code == "BASE").Select(l => l.TableRef).Distinct()
            .Where(r => r.StartsWith("salary-points#", StringComparison.Ordinal)).ToList();
        Assert.That(refs, Has.Count.EqualTo(1).And.All.EndWith("@2025-01-01"), "its trace still names the version it used");

        // The next month's run uses the new version: a person at 385 points is paid 31,000; others are exceptions (not in the test table).
        var january = await SendAsync(new StartPayrollRun("2027-01", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in january.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(january.RunId, january.Version, chunk, TestActors.Chunk));
        }

        var newRefs = (await Services.PayslipsAsync(january.RunId)).SelectMany(p => p.Lines).Where(l => l.Code == "BASE" && l.Amount == 31000).Select(l => l.TableRef).Distinct().ToList();
        var detail = (await SendAsync(new GetPayrollRun(january.RunId, PayrollRunTests.Operator)))!;
        Assert.That(newRefs.Concat(detail.Exceptions.Select(e => e.Problem)).Any(x => x.Contains($"#{raise.Id}@2026-12-01", StringComparison.Ordinal)), Is.True);
        Assert.That(detail.Exceptions.Where(e => e.Problem.Contains("俸額表", StringComparison.Ordinal)), Is.Not.Empty, "points missing from the new table are named, not guessed");
        await SendAsync(new CancelPayrollRun(january.RunId, "test", PayrollRunTests.Operator));
    }
}

/// <summary>Reference tables as workbooks: the version in force downloaded, edited and uploaded as a new version.</summary>
public sealed class ReferenceTableWorkbookTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s-admin");

    [OneTimeSetUp]
    public Task PrepareAsync() => PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);

    private async Task<byte[]> DownloadAsync(string kind) =>
        (await SendAsync(new GetReferenceTableWorkbook((await SendAsync(new ListReferenceTables(TestActors.Staff))).First(t => t.Kind == kind).Id, TestActors.Staff)))!.Content;

    private static byte[] Edit(byte[] content, Action<ClosedXML.Excel.XLWorkbook> edit)
    {
        using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(content));
        edit(book);
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    [TestCase("salary-points")]
    [TestCase("nhi")]
    [TestCase("withholding")]
    [TestCase("supervisor-allowance")]
    [TestCase("insurance")]
    [TestCase("bonus")]
    [TestCase("labour-insurance")]
    [TestCase("labour-pension")]
    [TestCase("withholding-grid")]
    public async Task DownloadedWorkbook_UploadedWithANewDate_IsTheSameTable(string kind)
    {
        var original = await DownloadAsync(kind);
        var edited = Edit(original, book =>
        {
            book.Worksheet("說明").Cell(2, 2).SetValue("2031-01-01");
            book.Worksheet("說明").Cell(3, 2).SetValue("round trip test");
        });

        var loaded = await SendAsync(new ImportReferenceTable(edited, kind + ".xlsx", Admin));

        Assert.That((loaded.Kind, loaded.EffectiveFrom, loaded.Source, loaded.Verified), Is.EqualTo((kind, new DateOnly(2031, 1, 1), "round trip test", false)));
        var shipped = (await SendAsync(new ListReferenceTables(TestActors.Staff))).First(t => t.Kind == kind && t.LoadedBy == "system:release");
        Assert.That(loaded.Sha256, Is.EqualTo(shipped.Sha256), "the same figures, to the digit");
    }

    [Test]
    public async Task BadCells_AreNamedBySheetAndRow_AndNothingIsLoaded()
    {
        var edited = Edit(await DownloadAsync("salary-points"), book =>
        {
            book.Worksheet("說明").Cell(2, 2).SetValue("2032-01-01");
            book.Worksheet("rows").Cell(5, 2).SetValue(-3);
            book.Worksheet("rows").Cell(7, 1).SetValue("abc");
        });

        var refused = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new ImportReferenceTable(edited, "bad.xlsx", Admin)));

        Assert.That(refused!.Errors.Select(e => (e.Row, e.Field.Split('.')[0])), Does.Contain(((int?)7, "rows")), refused.Message);
        Assert.That((await SendAsync(new ListReferenceTables(TestActors.Staff))).Any(t => t.EffectiveFrom == new DateOnly(2032, 1, 1)), Is.False);
        var notExcel = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new ImportReferenceTable("not a workbook"u8.ToArray(), "x.xlsx", Admin)));
        Assert.That(notExcel!.Errors.Single().Field, Is.EqualTo("file"));
    }
}
