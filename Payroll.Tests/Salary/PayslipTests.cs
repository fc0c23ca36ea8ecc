using System.Diagnostics;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Salary;

/// <summary>An employee reads their own payslip once the run is approved, and nobody else's; every read is in the ledger.</summary>
public sealed class PayslipTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private long _runId;
    private PayrollEmployee _person = null!;
    private PayrollEmployee _other = null!;

    [OneTimeSetUp]
    public async Task PayDecemberAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(2, 11, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 30, 11, TestActors.Staff));
        var people = (await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff))).Where(p => p.Status == EmploymentStatus.Active && p.HasBankAccount).ToList();
        (_person, _other) = (people[0], people[1]);
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        _runId = plan.RunId;
    }

    private Actor Employee(long id) => new(50 + id, "emp" + id, ["Employee"], "s-emp", "10.0.0.9", "test", id);

    private async Task<long> LedgerCountAsync(string outcome, long subject)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM vault_access a WHERE a.resource = @resource AND a.outcome = @outcome" +
            " AND (@subject = 0 OR EXISTS (SELECT 1 FROM vault_access_subject s WHERE s.access_seq = a.seq AND s.subject_id = @subject))",
            new { resource = $"/payroll/runs/{_runId}/payslips/{_person.EmployeeId}", outcome, subject });
    }

    [Test, Order(1)]
    public async Task BeforeApproval_TheEmployeeSeesNothing_StaffSeeEverything()
    {
        Assert.That(await SendAsync(new GetMyPayslips(Employee(_person.EmployeeId))), Is.Empty);
        Assert.That(await SendAsync(new GetPayslip(_runId, _person.EmployeeId, Employee(_person.EmployeeId))), Is.Null);
        Assert.That(await LedgerCountAsync("Refused", 0), Is.EqualTo(1), "the refused attempt is recorded");

        var staffView = await SendAsync(new GetPayslip(_runId, _person.EmployeeId, PayrollRunTests.Operator));
        Assert.That(staffView, Is.Not.Null);
        Assert.That(staffView!.Name, Is.Not.Empty);
        Assert.That(staffView.Lines.Where(l => !l.IsEmployerCost).Sum(l => l.IsDeduction ? -l.Amount : l.Amount), Is.EqualTo(staffView.Net));
    }

    [Test, Order(2)]
    public async Task AfterApproval_TheEmployeeSeesTheirOwn_WithEveryLineExplained_AndNotAnothers()
    {
        await Services.ApproveAcknowledgingAsync(_runId, PayrollRunTests.Approver);
        var me = Employee(_person.EmployeeId);

        var mine = await SendAsync(new GetMyPayslips(me));
        Assert.That(mine.Select(p => p.RunId), Is.EqualTo(new[] { _runId }));
        await using (var c = await Db.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM vault_access a JOIN vault_access_subject s ON s.access_seq = a.seq WHERE a.resource = '/me/payslips' AND a.actor = @name AND s.subject_id = @id",
                new { name = me.Name, id = _person.EmployeeId }), Is.EqualTo(1), "the list of one's own payslips (their amounts) is recorded too");
        }

        var view = await SendAsync(new GetPayslip(_runId, _person.EmployeeId, me));
        Assert.That(view!.Lines, Is.Not.Empty);
        Assert.That(view.Lines.All(l => l.Rule.Length > 0 && l.Inputs.Length > 0 && l.Name.Length > 0), Is.True);
        Assert.That(view.Lines.Where(l => !l.IsDeduction && !l.IsEmployerCost).Sum(l => l.Amount), Is.EqualTo(view.Gross));
        Assert.That(await LedgerCountAsync("Allowed", _person.EmployeeId), Is.GreaterThanOrEqualTo(2), "the staff view and the employee's own");

        Assert.That(await SendAsync(new GetPayslip(_runId, _person.EmployeeId, Employee(_other.EmployeeId))), Is.Null, "someone else's payslip");
    }

    [Test, Order(3)]
    public async Task Pdf_IsKeptInTheVault_ForThePersonAlone_AndReadsInChinese()
    {
        var me = Employee(_person.EmployeeId);
        var documentId = await SendAsync(new RenderPayslipPdf(_runId, _person.EmployeeId, me));
        Assert.That(documentId, Is.Not.Null);
        Assert.That(await SendAsync(new RenderPayslipPdf(_runId, _person.EmployeeId, Employee(_other.EmployeeId))), Is.Null);

        var info = (await Services.SendWithinAsync(new GetDocumentInfo(documentId!)))!;
        Assert.That((info.Kind, info.SubjectCount, info.ContentType), Is.EqualTo(("payslip", 1, "application/pdf")));
        var grant = await SendAsync(new RequestDownload(documentId!, me));
        var content = await SendAsync(new RedeemDownload(grant!.GrantId, me));
        Assert.That(content!.Content.AsSpan(0, 5).ToArray(), Is.EqualTo("%PDF-"u8.ToArray()));
        Assert.That(await SendAsync(new RequestDownload(documentId!, Employee(_other.EmployeeId))), Is.Null, "another employee gets no grant");

        var path = Path.Combine(Payroll.Tests.Browser.LoginInBrowserTests.ArtifactDirectory, $"payslip-{ProviderName}.pdf");
        await File.WriteAllBytesAsync(path, content.Content);
        using var pdftotext = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true })!;
        var text = await pdftotext.StandardOutput.ReadToEndAsync();
        await pdftotext.WaitForExitAsync();
        var view = (await SendAsync(new GetPayslip(_runId, _person.EmployeeId, me)))!;
        Assert.That(text, Does.Contain("薪資明細表").And.Contain("中華民國115年12月").And.Contain(view.Name).And.Contain("實發金額").And.Contain(view.Net.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
