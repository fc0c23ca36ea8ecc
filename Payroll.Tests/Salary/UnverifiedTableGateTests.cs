using System.Security.Cryptography;
using System.Text;
using ClosedXML.Excel;
using Dapper;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// No unverified figure is paid silently: a run records the table versions it read; where unverified tables are allowed
/// (the demo), the approver must name each one and the acknowledgement is kept, and its payslips and registers carry the
/// mark 「試算：使用未查核之參考表」.
/// </summary>
public sealed class UnverifiedTablesAcknowledgedTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;

    [Test]
    public async Task Approval_NamesEachUnverifiedTable_TheAcknowledgementIsKept_AndEveryDocumentIsMarked()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(2, 21, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 24, 21, TestActors.Staff));
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        // Every table a regular month reads is listed, with its source; the shipped ones are all unverified.
        var used = await SendAsync(new GetRunTables(plan.RunId, TestActors.Staff));
        Assert.That(used.Select(t => t.Kind), Is.SupersetOf(new[] { "salary-points", "insurance", "nhi", "pension", "withholding", "proration" }));
        Assert.That(used, Has.All.Matches<RunTableUse>(t => !t.Verified && t.Source.Length > 0));
        var summary = (await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!;
        Assert.That((summary.IsTrial, summary.UnverifiedTables), Is.EqualTo((true, used.Count)));

        var silent = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, PayrollRunTests.Approver)));
        Assert.That(silent!.Rule, Is.EqualTo("unverified-tables"));
        Assert.That(silent.Message, Does.Contain(used[0].Ref).And.Contain(used[^1].Ref));
        var allButOne = used.Skip(1).Select(t => t.Ref).ToList();
        var partial = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, PayrollRunTests.Approver, allButOne)));
        Assert.That(partial!.Message, Does.Contain(used[0].Ref).And.Not.Contain(used[1].Ref), "names only what is missing");
        var stray = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ApprovePayrollRun(
            plan.RunId, PayrollRunTests.Approver, [.. used.Select(t => t.Ref), "salary-points#999@2020-01-01"])));
        Assert.That(stray!.Errors.Single().Field, Is.EqualTo("acknowledgedTables"));
        Assert.That((await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!.State, Is.EqualTo(RunState.Calculated), "nothing was approved by the refusals");

        var approved = await SendAsync(new ApprovePayrollRun(plan.RunId, PayrollRunTests.Approver, used.Select(t => t.Ref).ToList()));
        Assert.That(approved.State, Is.EqualTo(RunState.Approved));
        Assert.That(await SendAsync(new GetRunTables(plan.RunId, TestActors.Staff)), Has.All.Matches<RunTableUse>(t => t.AcknowledgedBy == "approver" && t.AcknowledgedAt is not null));
        await using (var c = await Db.OpenAsync())
        {
            var logged = (await c.QueryAsync<string>(
                "SELECT field FROM vault_change WHERE module = 'Salary' AND entity = 'payroll-run' AND entity_id = @id AND actor = 'approver'",
                new { id = plan.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
            Assert.That(logged, Is.EquivalentTo(used.Select(t => "acknowledged-unverified-table:" + t.Ref)), "each acknowledgement is in the change log");
        }

        var someone = (await Services.SendWithinAsync(new GetRunPayments(plan.RunId, TestActors.Staff)))!.Payments[0];
        var payslip = (await SendAsync(new GetPayslip(plan.RunId, someone.EmployeeId, PayrollRunTests.Operator)))!;
        Assert.That(payslip.IsTrial, Is.True);
        var pdf = (await SendAsync(new RenderPayslipPdf(plan.RunId, someone.EmployeeId, PayrollRunTests.Operator)))!;
        Assert.That(pdf, Is.Not.Empty);

        var register = await SendAsync(new ExportPayrollRegister(plan.RunId, [], PayrollRunTests.Operator));
        using var book = new XLWorkbook(new MemoryStream(register.Content));
        Assert.That(book.Worksheet(1).Cell(2, 1).GetString(), Is.EqualTo("【試算：使用未查核之參考表】"), "under the register's title");
    }
}

/// <summary>
/// Production: no run from unverified tables is approved at all, acknowledged or not; an administrator verifies each table
/// against its official document (who, when and the document's SHA-256 are kept), and then the run is approved unmarked.
/// </summary>
public sealed class UnverifiedTablesRefusedTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Admin = Actor.User(40, "admin", ["Admin"], sessionKey: "s-ad", clientIp: "10.0.0.4", userAgent: "test");

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Salary:AllowUnverifiedTables=false"];

    [Test]
    public async Task ApprovalRefused_ThenAllowedAfterAnAdministratorVerifiesEachTable()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(1, 22, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 12, 22, TestActors.Staff));
        var plan = await SendAsync(new StartPayrollRun("2026-11", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        var used = await SendAsync(new GetRunTables(plan.RunId, TestActors.Staff));
        var refused = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, PayrollRunTests.Approver, used.Select(t => t.Ref).ToList())));
        Assert.That(refused!.Message, Does.Contain("administrator verifies them first"), "acknowledging is not enough here");

        // Only an administrator verifies, only with a document, and only once.
        var document = Encoding.UTF8.GetBytes("%PDF-1.4 official table (test)");
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new VerifyReferenceTable(used[0].TableId, document, PayrollRunTests.Approver)));
        Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new VerifyReferenceTable(used[0].TableId, [], Admin)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new VerifyReferenceTable(999_999, document, Admin)));
        var first = await SendAsync(new VerifyReferenceTable(used[0].TableId, document, Admin));
        Assert.That((first.Verified, first.VerifiedBy, first.VerifiedSourceSha256), Is.EqualTo((true, "admin", Convert.ToHexStringLower(SHA256.HashData(document)))));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new VerifyReferenceTable(used[0].TableId, document, Admin)), "already verified");

        // One left unverified still blocks.
        foreach (var table in used.Skip(1).SkipLast(1))
        {
            await SendAsync(new VerifyReferenceTable(table.TableId, document, Admin));
        }

        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, PayrollRunTests.Approver)));
        Assert.That((await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!.UnverifiedTables, Is.EqualTo(1));
        await SendAsync(new VerifyReferenceTable(used[^1].TableId, document, Admin));

        var approved = await SendAsync(new ApprovePayrollRun(plan.RunId, PayrollRunTests.Approver));
        Assert.That((approved.State, approved.IsTrial), Is.EqualTo((RunState.Approved, false)));
        var someone = (await Services.SendWithinAsync(new GetRunPayments(plan.RunId, TestActors.Staff)))!.Payments[0];
        Assert.That((await SendAsync(new GetPayslip(plan.RunId, someone.EmployeeId, PayrollRunTests.Operator)))!.IsTrial, Is.False);
        await using var c = await Db.OpenAsync();
        Assert.That(
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_change WHERE module = 'Salary' AND entity = 'reference-table' AND field = 'verified' AND actor = 'admin'"),
            Is.EqualTo(used.Count), "each verification is in the change log");
    }
}
