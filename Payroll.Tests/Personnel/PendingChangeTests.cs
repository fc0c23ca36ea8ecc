using System.Globalization;
using System.Text;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Salary;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>
/// Four eyes on what moves money: a new person, a bank account, grade, points or allowance change, a return to paid
/// status, or a backdated date waits for a second HR clerk; nothing waiting is paid; the run's approver sees every
/// change with its maker and approver.
/// </summary>
public sealed class PendingChangeTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Clerk = Actor.User(31, "hr.lin", ["HrClerk"], sessionKey: "s-lin", clientIp: "10.0.0.31", userAgent: "test");

    private static readonly Actor Second = PersonnelApprovals.SecondClerk;

    private int _next;

    /// <summary>Today in Taipei (the fixture's clock is the real one): a date on or after it is not backdated.</summary>
    private DateOnly Today => DateOnly.FromDateTime(Clock.UtcNow.AddHours(8).DateTime);

    [OneTimeSetUp]
    public async Task CityAsync() => await Services.SeedDemoCityAsync(2, 3, 7);

    [Test]
    public async Task NewPerson_WaitsForASecondClerk_AndIsNotPaidUntilApproved()
    {
        var no = NewNo();
        var saved = await SendAsync(new SaveEmployee(TestData.Person(no), new DateOnly(2026, 1, 1), "到職", Clerk));
        Assert.That(saved.Pending, Is.True);
        Assert.That(await PaidAsync(no), Is.False, "a pending person is not in the payroll");
        Assert.That(await SendAsync(new GetEmployeeHistory(no, Clerk)), Is.Empty);

        var own = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new DecidePendingChanges([saved.PendingChangeId!.Value], null, true, null, Clerk)));
        Assert.That(own!.Rule, Is.EqualTo(RefusedException.FourEyesRule));
        Assert.That(await PaidAsync(no), Is.False);

        var decision = await SendAsync(new DecidePendingChanges([saved.PendingChangeId!.Value], null, true, null, Second));
        Assert.That(decision, Is.EqualTo(new PendingDecision(1, 0)));
        Assert.That(await PaidAsync(no), Is.True);
        var history = await SendAsync(new GetEmployeeHistory(no, Clerk));
        Assert.That((history.Single().RecordedBy, history.Single().ApprovedBy), Is.EqualTo(("hr.lin", "test-second-clerk")));

        var again = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new DecidePendingChanges([saved.PendingChangeId!.Value], null, true, null, Second)));
        Assert.That(again!.Message, Does.Contain("test-second-clerk"));
    }

    [Test]
    public async Task BankAccountChange_PaysTheOldAccountUntilApproved_AndARejectionNeedsANote()
    {
        var (no, _) = await ApprovedPersonAsync();
        var saved = await SendAsync(new ChangeEmployee(no, Today, "變更帳戶", new EmployeeChanges(BankAccount: "00098765432100"), Clerk));
        Assert.That(saved.Pending, Is.True);
        Assert.That(await AccountAsync(no), Is.EqualTo("00012345674321"), "the account in force until a second clerk approves");

        var listed = (await SendAsync(new GetPendingChanges(true, null, Second))).Single(p => p.Id == saved.PendingChangeId);
        Assert.That(listed.Why, Is.EqualTo(new[] { "BankAccount" }));
        Assert.That(listed.Differences.Single().Field, Is.EqualTo("BankAccount"));
        Assert.That(listed.Differences.Single().After, Does.EndWith("2100").And.Not.Contain("98765432100"), "masked to the last digits");

        var noNote = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new DecidePendingChanges([saved.PendingChangeId!.Value], null, false, " ", Second)));
        Assert.That(noNote!.Errors.Single().Field, Is.EqualTo("退回理由"));
        Assert.That(await SendAsync(new DecidePendingChanges([saved.PendingChangeId!.Value], null, false, "存摺影本與帳號不符", Second)), Is.EqualTo(new PendingDecision(0, 1)));
        Assert.That(await AccountAsync(no), Is.EqualTo("00012345674321"), "a rejected change is never in force");
        var rejected = (await SendAsync(new GetPendingChanges(false, null, Second))).Single(p => p.Id == saved.PendingChangeId);
        Assert.That((rejected.State, rejected.DecidedBy, rejected.Note), Is.EqualTo((PendingState.Rejected, "test-second-clerk", "存摺影本與帳號不符")));
        Assert.That(rejected.Reason, Is.EqualTo("變更帳戶"));

        // What the clerks typed is sealed in the database (a note often names the person or their bank book).
        await using (var c = await Db.OpenAsync())
        {
            var row = await c.QuerySingleAsync<(string Reason, string Note)>("SELECT reason, note FROM personnel_pending_change WHERE id = @id", new { id = saved.PendingChangeId });
            Assert.That(row.Reason, Does.StartWith("sealed1:").And.Not.Contain("變更帳戶"));
            Assert.That(row.Note, Does.StartWith("sealed1:").And.Not.Contain("存摺"));
        }

        var retry = await SendAsync(new ChangeEmployee(no, Today, "變更帳戶", new EmployeeChanges(BankAccount: "00098765432100"), Clerk));
        await SendAsync(new DecidePendingChanges([retry.PendingChangeId!.Value], null, true, null, Second));
        Assert.That(await AccountAsync(no), Is.EqualTo("00098765432100"));
    }

    [Test]
    public async Task ContactChange_AppliesAtOnce_ButBackdatedItWaits()
    {
        var (no, _) = await ApprovedPersonAsync();
        var now = await SendAsync(new ChangeEmployee(no, Today, "更新電子郵件", new EmployeeChanges(Email: "new@example.gov.tw"), Clerk));
        Assert.That(now.Pending, Is.False, "nothing that moves money, from today");

        var backdated = await SendAsync(new ChangeEmployee(no, Today.AddDays(-10), "更新手機", new EmployeeChanges(Mobile: "0912345678"), Clerk));
        Assert.That(backdated.Pending, Is.True);
        var listed = (await SendAsync(new GetPendingChanges(true, null, Second))).Single(p => p.Id == backdated.PendingChangeId);
        Assert.That(listed.Why, Is.EqualTo(new[] { "backdated" }));

        // While it waits, the person takes no other change: the approver decides on what they saw.
        var blocked = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ChangeEmployee(no, Today, "更新地址", new EmployeeChanges(Address: "臺北市信義區市府路1號"), Clerk)));
        Assert.That(blocked!.Errors.Single().Message, Does.Contain("待覆核").And.Contain("#" + backdated.PendingChangeId));
        await SendAsync(new DecidePendingChanges([backdated.PendingChangeId!.Value], null, true, null, Second));
    }

    [Test]
    public async Task Reinstatement_AndAGradeChange_Wait()
    {
        var (no, _) = await ApprovedPersonAsync();
        await ChangeApprovedAsync(new ChangeEmployee(no, Today, "留職停薪", new EmployeeChanges(Status: EmploymentStatus.UnpaidLeave, StatusDate: Today), Clerk));
        var back = await SendAsync(new ChangeEmployee(no, Today.AddDays(30), "復職", new EmployeeChanges(Status: EmploymentStatus.Active, StatusDate: Today.AddDays(30)), Clerk));
        Assert.That(back.Pending, Is.True);
        await SendAsync(new DecidePendingChanges([back.PendingChangeId!.Value], null, true, null, Second));

        var grade = await SendAsync(new ChangeEmployee(no, Today.AddDays(40), "升等", new EmployeeChanges(Grade: 7, SalaryPoints: 430), Clerk));
        var listed = (await SendAsync(new GetPendingChanges(true, null, Second))).Single(p => p.Id == grade.PendingChangeId);
        Assert.That(listed.Why, Is.EquivalentTo(new[] { "Grade", "SalaryPoints" }));
        Assert.That(listed.Differences.Select(d => (d.Field, d.Before, d.After)), Is.EquivalentTo(new[] { ("Grade", "6", "7"), ("SalaryPoints", "400", "430") }));
        await SendAsync(new DecidePendingChanges([grade.PendingChangeId!.Value], null, true, null, Second));
    }

    [Test]
    public async Task PendingRecord_IsEncryptedAtRest_AndItsListIsALedgerRow()
    {
        var no = NewNo();
        var saved = await SendAsync(new SaveEmployee(TestData.Person(no, "鄭秘密", "E223344557") with { BankAccount = "31415926535897" }, Today, "到職", Clerk));
        await using (var c = await Db.OpenAsync())
        {
            var stored = await c.ExecuteScalarAsync<byte[]>("SELECT input FROM personnel_pending_change WHERE id = @id", new { id = saved.PendingChangeId });
            var asText = Encoding.UTF8.GetString(stored!);
            Assert.That(asText, Does.Not.Contain("E223344557").And.Not.Contain("31415926535897").And.Not.Contain("鄭秘密"));
        }

        await SendAsync(new GetPendingChanges(true, null, Second));
        var entries = await SendAsync(new GetAccesses(
            new AccessFilter(DateTimeOffset.UnixEpoch, Clock.UtcNow.AddMinutes(1), [], false, ["test-second-clerk"], [], null, saved.EmployeeId, null), 1, 50, TestActors.Auditor));
        Assert.That(entries.Entries.Any(e => e.Resource == "personnel/pending" && e.Action == AccessAction.View), Is.True);
        await SendAsync(new DecidePendingChanges([saved.PendingChangeId!.Value], null, false, "重複建檔", Second));
    }

    [Test]
    public async Task Import_KeepsNewPeopleAsOneBatch_TheSameFileAgainIsUnchanged_AndTheBatchIsApprovedAsAWhole()
    {
        var numbers = new[] { NewNo(), NewNo() };
        var file = Workbook(numbers);
        var first = await SendAsync(new ImportEmployees(file, "new.xlsx", Today, Clerk));
        Assert.That((first.Applied, first.Created, first.Pending), Is.EqualTo((true, 2, 2)));
        Assert.That(first.Batch, Is.Not.Null);
        Assert.That(await PaidAsync(numbers[0]), Is.False);

        var again = await SendAsync(new ImportEmployees(file, "new.xlsx", Today, Clerk));
        Assert.That((again.Applied, again.Unchanged, again.Pending), Is.EqualTo((true, 2, 0)), "the same rows as those waiting are nothing new");

        var changed = Workbook(numbers, account: "27182818284590");
        var refused = await SendAsync(new ImportEmployees(changed, "changed.xlsx", Today, Clerk));
        Assert.That(refused.Applied, Is.False);
        Assert.That(refused.Problems.Select(p => (p.Row, p.Column)), Is.EquivalentTo(new[] { (2, "員工編號"), (3, "員工編號") }));

        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new DecidePendingChanges([], first.Batch, true, null, Clerk)));
        Assert.That(await SendAsync(new DecidePendingChanges([], first.Batch, true, null, Second)), Is.EqualTo(new PendingDecision(2, 0)));
        Assert.That(await PaidAsync(numbers[0]) && await PaidAsync(numbers[1]), Is.True);
        Assert.That((await SendAsync(new GetPendingChanges(false, first.Batch, Second))).Select(p => p.State), Is.All.EqualTo(PendingState.Approved));
    }

    [Test]
    public async Task RunChecks_NameEveryChangedPerson_WithMakerAndApprover()
    {
        var (no, id) = await ApprovedPersonAsync();
        await ChangeApprovedAsync(new ChangeEmployee(no, new DateOnly(2026, 12, 1), "變更帳戶", new EmployeeChanges(BankAccount: "00055566677788"), Clerk));
        var december = await Services.StartAndCalculateAsync("2026-12", RunKind.Regular, PayrollRunTests.Operator);
        var detail = await SendAsync(new GetPayrollRun(december.RunId, PayrollRunTests.Approver));
        var check = detail!.Checks.Single(c => c.Kind == "personnel-change" && c.EmployeeNo == no);
        Assert.That(check.Detail, Is.EqualTo("BankAccount from 2026-12-01; entered by hr.lin, approved by test-second-clerk"));

        var entries = await SendAsync(new GetAccesses(
            new AccessFilter(DateTimeOffset.UnixEpoch, Clock.UtcNow.AddMinutes(1), [], false, ["approver"], [], null, id, null), 1, 50, TestActors.Auditor));
        Assert.That(entries.Entries.Any(e => e.Resource == $"/payroll/runs/{december.RunId}"), Is.True, "the checks name the person, so showing them is recorded");
        await SendAsync(new CancelPayrollRun(december.RunId, "測試結束", PayrollRunTests.Operator));
    }

    private async Task<(string No, long Id)> ApprovedPersonAsync()
    {
        var no = NewNo();
        return (no, await SaveApprovedAsync(new SaveEmployee(TestData.Person(no), new DateOnly(2026, 1, 1), "到職", Clerk)));
    }

    private string NewNo() => string.Create(CultureInfo.InvariantCulture, $"Q{Interlocked.Increment(ref _next):0000}");

    private async Task<bool> PaidAsync(string no) =>
        (await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff))).Any(e => e.EmployeeNo == no);

    /// <summary>The account in force, in clear (an unmasking, recorded like any other).</summary>
    private Task<string?> AccountAsync(string no) => SendAsync(new UnmaskEmployeeField(no, UnmaskableField.BankAccount, "核對帳戶", Clerk));

    private static byte[] Workbook(IReadOnlyList<string> numbers, string account = "00098765432101") =>
        EmployeeImportTests.Workbook(EmployeeImportTests.Row(numbers[0], "A123456789", account: account), EmployeeImportTests.Row(numbers[1], "F234567898", account: account));
}
