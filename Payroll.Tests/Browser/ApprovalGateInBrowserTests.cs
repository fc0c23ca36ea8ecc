using Payroll.Tests.Support;
using Payroll.Modules.Contracts.Authorization;
using Microsoft.Playwright;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Tests.Browser;

/// <summary>
/// Production settings: a run calculated from unverified tables shows the approver why it cannot be approved; an
/// administrator verifies each table on the tables page with the official document; then the approver approves it and
/// the trial mark is gone.
/// </summary>
[Category("Browser")]
public sealed class ApprovalGateInBrowserTests(string provider) : DemoCityBrowserFixture(provider)
{
    protected override (int Units, int People, int Seed) City => (2, 30, 8);

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Salary:AllowUnverifiedTables=false"];

    [Test]
    public async Task ApprovalWaits_UntilAnAdministratorVerifiesTheTables()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-10", RunKind.Regular, [], Cli));
        for (var i = 0; i < 300 && (await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!.State != RunState.Calculated; i++)
        {
            await Task.Delay(100);
        }

        var approverAccount = await Host.AddUserAsync(NewName("approver"), true, Roles.PayrollApprover);
        await using var approverContext = await BrowserSession.NewContextAsync(Browser, 1100, 900);
        var approverPage = await approverContext.NewPageAsync();
        var csp = BrowserSession.WatchCsp(approverPage);
        await BrowserSession.SignInAsync(approverPage, Host, approverAccount);
        var runUrl = new Uri(Host.HttpsAddress, $"/Salary/Run?id={plan.RunId}").ToString();
        await approverPage.GotoAsync(runUrl);
        Assert.That(await approverPage.IsVisibleAsync("#trial-mark"), Is.True);
        Assert.That(await approverPage.InnerTextAsync("#approval-blocked"), Does.Contain("未查核"));
        Assert.That(await approverPage.Locator("#approve").CountAsync(), Is.Zero, "no approve button while tables are unverified");
        await approverPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"run-unverified-tables-{Database.ProviderName}.png"), FullPage = true });

        var adminAccount = await Host.AddUserAsync(NewName("admin"), true, Roles.Admin);
        await using var adminContext = await BrowserSession.NewContextAsync(Browser, 1200, 900);
        var adminPage = await adminContext.NewPageAsync();
        csp.AddRange(BrowserSession.WatchCsp(adminPage));
        await BrowserSession.SignInAsync(adminPage, Host, adminAccount);
        var used = (await SendAsync(new GetRunTables(plan.RunId, TestActors.Staff))).Select(t => t.Ref).ToList();
        var document = new FilePayload { Name = "official-table.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 official (test)"u8.ToArray() };
        foreach (var table in used)
        {
            await adminPage.GotoAsync(new Uri(Host.HttpsAddress, "/Salary/Tables").ToString());
            var form = adminPage.Locator($"form.verify-form[data-table='{table}']");
            await form.Locator("input[type=file]").SetInputFilesAsync(document);
            await form.Locator("button").ClickAsync();
            await adminPage.WaitForSelectorAsync("#table-verified");
            Assert.That(await adminPage.InnerTextAsync("#table-verified"), Does.Contain(table));
        }

        await adminPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"tables-verified-{Database.ProviderName}.png"), FullPage = true });

        // The rules page for the run's month shows the same versions, now verified, with the code that applies each rule.
        await adminPage.GotoAsync(new Uri(Host.HttpsAddress, "/Salary/Rules?Day=2026-10-31").ToString());
        Assert.That(await adminPage.Locator("#rules tr[data-kind='salary-points'][data-verified=true]").CountAsync(), Is.EqualTo(1));
        Assert.That(await adminPage.InnerTextAsync("#rules"), Does.Contain("PayCalculator.IncomeTax").And.Contain("公務人員俸給法"));
        await adminPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"pay-rules-{Database.ProviderName}.png"), FullPage = true });

        await approverPage.GotoAsync(runUrl);
        Assert.That(await approverPage.Locator("#trial-mark").CountAsync(), Is.Zero, "every table it used is verified now");
        await approverPage.ClickAsync("#approve");
        await approverPage.WaitForSelectorAsync("#run-state[data-state=Approved]");
        Assert.That(await approverPage.Locator("#run-tables tr[data-verified=true]").CountAsync(), Is.EqualTo(used.Count));
        Assert.That(csp, Is.Empty);
    }
}
