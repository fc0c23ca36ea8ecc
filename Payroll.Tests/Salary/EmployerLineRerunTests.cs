using System.Text.Json;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Tables;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// The employer's lines are part of the result a rerun compares: a new 健保 version that changes only the agency's
/// share gives everyone a new version, and the approver sees that only the employer's line moved.
/// </summary>
public sealed class EmployerLineRerunTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s-admin");

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await Services.SeedDemoCityAsync(2, 30, 41);
    }

    [Test]
    public async Task AChangeInTheAgencysShareAlone_IsARerunChange_ShownAsTheEmployerLine()
    {
        var first = await Services.StartAndCalculateAsync("2026-12", RunKind.Regular, PayrollRunTests.Operator);
        var shipped = ShippedTables.ReadAll().Single(f => f.Kind == TableKinds.Nhi);
        var lower = (NhiTable)shipped.Content with { EmployerShare = 0.6m };
        await SendAsync(new LoadReferenceTable(JsonSerializer.Serialize(new { kind = "nhi", effectiveFrom = "2026-12-01", source = "test: a lower agency share", verified = false, content = lower }, TableKinds.Json), Admin));

        var rerun = await SendAsync(new RerunPayroll(first.RunId, [], null, PayrollRunTests.SecondOperator));
        foreach (var chunk in rerun.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(rerun.RunId, rerun.Version, chunk, TestActors.Chunk));
        }

        var changes = (await SendAsync(new GetRunVersionChanges(first.RunId, 2, PayrollRunTests.Operator))).Changes;
        Assert.That(changes, Is.Not.Empty, "the agency's share is part of the result");
        Assert.That(changes.Select(c => c.Code).Distinct(), Is.EqualTo(new[] { "ER:NHI" }), "nothing the person is paid or charged moved");
        Assert.That(changes, Has.All.Matches<PayslipChange>(c => c.After < c.Before), "70% → 60%");
    }
}
