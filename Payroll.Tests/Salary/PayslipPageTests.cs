using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// The payslip page for an employee: their own approved payslip; another person's, named in the URL, is a 404 — the
/// same answer as a payslip that does not exist — and the attempt is in the access ledger (SECURITY.md rule 3).
/// </summary>
public sealed class PayslipPageTests(string provider) : HostFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Approver = Actor.User(77, "approver-p", ["PayrollApprover"], sessionKey: "s-p", clientIp: "10.0.0.7", userAgent: "test");
    private long _run;
    private long _own;
    private long _other;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await SendAsync(new SeedDemoUnits(1, 9, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 3, 9, TestActors.Staff));
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, 1, chunk, TestActors.Chunk));
        }

        await Host.Services.ApproveAcknowledgingAsync(plan.RunId, Approver);
        _run = plan.RunId;
        var people = await Host.Services.SendWithinAsync(new FindEmployees(["D000001", "D000002"]));
        (_own, _other) = (people.Single(p => p.EmployeeNo == "D000001").EmployeeId, people.Single(p => p.EmployeeNo == "D000002").EmployeeId);
    }

    [Test]
    public async Task Employee_SeesTheirOwn_AnotherPersonsIsA404_AndRecorded()
    {
        var account = await Host.AddEmployeeUserAsync(NewName("emp"), "D000001");
        using var client = Host.Client();
        await client.LoginAsync(account);

        using (var own = await client.GetAsync($"/Salary/Payslip?run={_run}"))
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var ownNamed = await client.GetAsync($"/Salary/Payslip?run={_run}&employee={_own}"))
        {
            Assert.That(ownNamed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var other = await client.GetAsync($"/Salary/Payslip?run={_run}&employee={_other}"))
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await other.Content.ReadAsStringAsync(), Does.Not.Contain("D000002"));
        }

        using (var none = await client.GetAsync($"/Salary/Payslip?run={_run}&employee=999999"))
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the same answer as for someone who does not exist");
        }

        await using var c = await Host.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var refusals = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM vault_access WHERE actor = @actor AND outcome = 'Refused' AND resource LIKE '%payslip%'", new { actor = account.Username });
        Assert.That(refusals, Is.EqualTo(2), "both refused attempts are in the ledger");
    }
}
