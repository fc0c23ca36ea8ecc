using System.Text.Json;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Tests.Host;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary><c>payroll run start|show|approve</c>: the demo city paid from a script, approved by a second account.</summary>
public sealed class RunCliTests(string provider) : DatabaseFixture(provider)
{
    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CliTests.RunInAsync(Database, args);

    /// <summary>A verb acting as the database's member of staff, signed in with password and TOTP code.</summary>
    private async Task<(int Code, string Output, string Error)> AsStaffAsync(params string[] args) =>
        await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, args);

    [Test]
    public async Task StartWait_PrintsTotals_ShowJson_GivesThem_AndASecondAccountApproves()
    {
        Assert.That((await RunAsync("demo", "seed", "--employees", "150", "--units", "5")).Code, Is.Zero);

        var (code, output, error) = await AsStaffAsync("run", "start", "--period", "2026-12", "--wait");
        Assert.That(code, Is.Zero, error);
        var runId = output.Split(' ')[1];
        Assert.That(output, Does.Match(@"run \d+ version 1: 1\d\d people in 1 chunks"));
        Assert.That(output, Does.Contain("2026-12 Regular Calculated v1").And.Match(@"people 1\d\d  gross [\d,]+  deductions [\d,]+  net [\d,]+  exceptions \d+"));

        var (showCode, json, _) = await AsStaffAsync("run", "show", "--run", runId, "--json");
        Assert.That(showCode, Is.Zero);
        using var doc = JsonDocument.Parse(json);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.That(summary.GetProperty("state").GetString(), Is.EqualTo("Calculated"));
        var totals = summary.GetProperty("totals");
        Assert.That(totals.GetProperty("net").GetInt64(), Is.EqualTo(totals.GetProperty("gross").GetInt64() - totals.GetProperty("deductions").GetInt64()));
        Assert.That(doc.RootElement.GetProperty("units").EnumerateArray().Sum(u => u.GetProperty("totals").GetProperty("gross").GetInt64()), Is.EqualTo(totals.GetProperty("gross").GetInt64()));

        var (noUser, _, noUserError) = await CliTests.RunWithInputForTestsAsync(Database, "whatever\n123456\n", "run", "approve", "--run", runId, "--as", "nobody");
        Assert.That(noUser, Is.EqualTo(1));
        Assert.That(noUserError, Does.Contain("Sign-in as 'nobody' refused"));
        var admin = (await CliTests.AccountsAsync(Database)).Admin;
        var clerk = await CliTests.AddUserAsync(Database, admin, "clerk1", Roles.HrClerk);
        var (notApprover, _, notApproverError) = await CliTests.RunAsAsync(Database, clerk, "run", "approve", "--run", runId);
        Assert.That(notApprover, Is.EqualTo(1), "refused");
        Assert.That(notApproverError, Does.Contain("PayrollApprover"));
        var (starter, _, starterError) = await AsStaffAsync("run", "approve", "--run", runId);
        Assert.That(starter, Is.EqualTo(1), "the operator who started it cannot approve it, signed in or not");
        Assert.That(starterError, Does.Contain("PayrollApprover"));

        var approver = await CliTests.AddUserAsync(Database, admin, "approver1", Roles.PayrollApprover);
        var (noCode, _, noCodeError) = await CliTests.RunWithInputForTestsAsync(Database, approver.Password + "\n\n", "run", "approve", "--run", runId, "--as", "approver1");
        Assert.That(noCode, Is.EqualTo(1), "the approver's name and password without a current TOTP code approve nothing");
        Assert.That(noCodeError, Does.Contain("Sign-in as 'approver1' refused"));
        // The demo city is paid from the shipped tables, none verified: approval names each of them, or is refused.
        var unverified = await CliTests.UnverifiedTablesAsync(Database, runId);
        Assert.That(unverified, Has.Some.StartsWith("salary-points#").And.Some.StartsWith("nhi#"), "the 俸額表 and the NHI table among them");
        var (silent, _, silentError) = await CliTests.RunAsAsync(Database, approver, "run", "approve", "--run", runId);
        Assert.That(silent, Is.EqualTo(1), "refused without the acknowledgements");
        Assert.That(silentError, Does.Contain("acknowledging each by name").And.Contain(unverified[0]));
        var (partial, _, partialError) = await CliTests.RunAsAsync(Database, approver, "run", "approve", "--run", runId, "--acknowledge", unverified[0]);
        Assert.That(partial, Is.EqualTo(1), "one acknowledged is not all");
        Assert.That(partialError, Does.Not.Contain(unverified[0]).And.Contain(unverified[^1]), "the refusal names what is still missing");

        var (approveCode, approved, approveError) = await CliTests.ApproveAcknowledgingAsync(Database, runId, approver);
        Assert.That(approveCode, Is.Zero, approveError);
        Assert.That(approved, Does.Contain("Approved").And.Contain(PayrollRunSummary.TrialMark));
        var (_, shown, _) = await AsStaffAsync("run", "show", "--run", runId);
        Assert.That(shown, Does.Contain($"table {unverified[0]} UNVERIFIED acknowledged by approver1"));

        var (rerunCode, _, rerunError) = await AsStaffAsync("run", "rerun", "--run", runId);
        Assert.That(rerunCode, Is.EqualTo(1), "refused: the run's state forbids it");
        Assert.That(rerunError, Does.Contain("Approved"));
    }

    [Test]
    public async Task Start_WithABadPeriod_NamesTheField()
    {
        var (code, _, error) = await AsStaffAsync("run", "start", "--period", "115/12");
        Assert.That(code, Is.EqualTo(1), "refused as invalid input");
        Assert.That(error, Does.Contain("period").And.Contain("yyyy-MM"));
    }
}
