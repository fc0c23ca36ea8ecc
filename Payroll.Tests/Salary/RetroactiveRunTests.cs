using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Salary;

/// <summary>
/// 補發／追扣: a raise published after November was approved, and a person's record corrected back to November, are paid
/// as differences by December's retroactive run, by month and line, once.
/// </summary>
public sealed class RetroactiveRunTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s-admin");

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Salary:ChunkSize=40"];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(3, 8, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 80, 8, TestActors.Staff));
    }

    private Task<PayrollRunSummary> RunAsync(string period, RunKind kind) => Services.StartAndCalculateAsync(period, kind, PayrollRunTests.Operator);

    private Task<Dictionary<string, long>> LinesAsync(long runId, long employeeId) => Services.CurrentLinesAsync(runId, employeeId);

    [Test]
    public async Task LateRaise_AndACorrection_ArePaidAsDifferences_ByMonthAndLine_Once()
    {
        var refused = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new StartPayrollRun("2026-12", RunKind.Retroactive, [], PayrollRunTests.Operator)));
        Assert.That(refused!.Message, Does.Contain("no approved regular month"));

        var november = await RunAsync("2026-11", RunKind.Regular);
        await Services.ApproveAcknowledgingAsync(november.RunId, PayrollRunTests.Approver);
        var people = await SendAsync(new GetEmployeesForPayroll(2026, 11, [], TestActors.Staff));
        var servant = people.First(p => p.Category == StaffCategory.CivilServant && p.Status == EmploymentStatus.Active && p.StatusDate < new DateOnly(2026, 11, 1) && p.HasBankAccount);
        var worker = people.First(p => p.Category is StaffCategory.ContractStaff or StaffCategory.Worker && p.Status == EmploymentStatus.Active && p.StatusDate < new DateOnly(2026, 11, 1) && p.HasBankAccount);
        var before = await LinesAsync(november.RunId, servant.EmployeeId);

        // Published in December: every 俸額 +1,000 from 1 November. And the worker's dependants corrected from November.
        await Services.RaiseSalaryPointsAsync(1_000, "2026-11-01", Admin);
        var clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr");
        await ChangeApprovedAsync(new ChangeEmployee(worker.EmployeeNo, new DateOnly(2026, 11, 1), "眷屬更正", new EmployeeChanges(NhiDependents: worker.NhiDependents == 0 ? 1 : 0), clerk));

        var retro = await RunAsync("2026-12", RunKind.Retroactive);
        Assert.That(retro.State, Is.EqualTo(RunState.Calculated));
        var servantDiff = await LinesAsync(retro.RunId, servant.EmployeeId);
        Assert.That(servantDiff["RETRO:2026-11:BASE"], Is.EqualTo(1_000), "the raise in November's 本俸");
        Assert.That(servantDiff["RETRO:2026-11:INS"], Is.EqualTo(
            (long)Math.Round((before["BASE"] + 1_000) * 0.0722m * 0.35m, MidpointRounding.AwayFromZero) - before["INS"]),
            "公保 on the new 本俸 (公教人員保險法 §9: 7.22% × 35%, 四捨五入), less what was withheld");
        Assert.That(servantDiff["RETRO:2026-11:ER:INS"], Is.EqualTo(
            (long)Math.Round((before["BASE"] + 1_000) * 0.0722m * 0.65m, MidpointRounding.AwayFromZero) - before["ER:INS"]),
            "the government's 公保 share on the new 本俸 (公教人員保險法 §9: 65%), less what it bore: an employer cost, not pay");
        Assert.That(servantDiff["RETRO:2026-11:ER:PENSION"], Is.EqualTo(
            (long)Math.Round((before["BASE"] + 1_000) * 2 * 0.15m * 0.65m, MidpointRounding.AwayFromZero) - before["ER:PENSION"]),
            "退撫 (公務人員退休資遣撫卹法 §7): the government's 65% of 本俸 × 2 × 15%, less what it paid");
        Assert.That(servantDiff.Keys, Has.All.StartWith("RETRO:2026-11:"));
        var workerDiff = await LinesAsync(retro.RunId, worker.EmployeeId);
        Assert.That(workerDiff.Keys, Is.EquivalentTo(new[] { "RETRO:2026-11:NHI" }).Or.EquivalentTo(new[] { "RETRO:2026-11:NHI", "RETRO:2026-11:TAX" }), "only the corrected line");
        var contractWithoutChange = people.Where(p => p.Category is StaffCategory.ContractStaff or StaffCategory.Worker && p.EmployeeId != worker.EmployeeId).Select(p => p.EmployeeId).ToHashSet();
        await using (var c = await Db.OpenAsync())
        {
            var paid = (await c.QueryAsync<long>("SELECT employee_id FROM salary_payslip WHERE run_id = @RunId AND is_current", new { retro.RunId })).ToList();
            Assert.That(paid.Intersect(contractWithoutChange), Is.Empty, "nothing changed for them: no payslip");
        }

        // Once approved, the differences count as paid: the next retroactive run finds nothing left to pay for November.
        await Services.ApproveAcknowledgingAsync(retro.RunId, PayrollRunTests.Approver);
        var again = await RunAsync("2027-01", RunKind.Retroactive);
        Assert.That((again.Totals.People, again.Totals.Exceptions, again.Totals.Net), Is.EqualTo((0, 0, 0L)));
    }
}
