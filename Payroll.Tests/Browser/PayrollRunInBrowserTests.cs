using Payroll.Tests.Support;
using Payroll.Modules.Contracts.Authorization;
using Microsoft.Playwright;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Tests.Browser;

/// <summary>
/// An operator starts December's run from the run page and watches it calculate on the job server; the operator cannot
/// approve it; an approver compares it with November on the chart and approves it. The operator then generates the
/// bank files (one per payer account, totals equal to the run's) and downloads one; the approver, who did not generate
/// them, releases them and the run is Paid.
/// </summary>
[Category("Browser")]
public sealed class PayrollRunInBrowserTests(string provider) : DemoCityBrowserFixture(provider)
{
    protected override (int Units, int People, int Seed) City => (6, 240, 3);

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Salary:ChunkSize=20"];

    [Test]
    public async Task Operator_StartsAndWatchesARun_ApproverComparesAndApproves()
    {
        // November, calculated by the job server, to compare with.
        var november = await SendAsync(new StartPayrollRun("2026-11", RunKind.Regular, [], Cli));
        for (var i = 0; i < 300 && (await SendAsync(new GetPayrollRunSummary(november.RunId, TestActors.Staff)))!.State != RunState.Calculated; i++)
        {
            await Task.Delay(100);
        }

        var operatorAccount = await Host.AddUserAsync(NewName("operator"), true, Roles.PayrollOperator);
        await using var operatorContext = await BrowserSession.NewContextAsync(Browser, 1100, 900);
        var page = await operatorContext.NewPageAsync();
        var csp = BrowserSession.WatchCsp(page);
        await BrowserSession.SignInAsync(page, Host, operatorAccount);

        await page.ClickAsync("text=薪資批次");
        await page.FillAsync("#start-run input[name=Period]", "2026-12");
        await page.ClickAsync("#start-run button[type=submit]");
        await page.WaitForURLAsync("**/Salary/Run?id=*", BrowserSession.Committed);
        var runId = long.Parse(new Uri(page.Url).Query.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        var first = await page.GetAttributeAsync("#run-state", "data-state");
        if (first == "Calculating")
        {
            Assert.That(await page.Locator("#run-progress").CountAsync(), Is.EqualTo(1), "a progress bar while it calculates");
        }

        // The page reloads itself every two seconds until the run is calculated.
        await page.WaitForSelectorAsync("#run-state[data-state=Calculated]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.That(await page.Locator("#approve").CountAsync(), Is.Zero, "an operator has no approve button");
        Assert.That(await page.Locator("#rerun-form").CountAsync(), Is.EqualTo(1));
        Assert.That(await page.Locator("#gross-chart circle").CountAsync(), Is.EqualTo(6), "one dot per unit against November");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"run-calculated-{Database.ProviderName}.png"), FullPage = true });

        var approverAccount = await Host.AddUserAsync(NewName("approver"), true, Roles.PayrollApprover);
        await using var approverContext = await BrowserSession.NewContextAsync(Browser, 1100, 900);
        var approverPage = await approverContext.NewPageAsync();
        csp.AddRange(BrowserSession.WatchCsp(approverPage));
        await BrowserSession.SignInAsync(approverPage, Host, approverAccount);
        await approverPage.GotoAsync(new Uri(Host.HttpsAddress, $"/Salary/Run?id={runId}").ToString());
        Assert.That(await approverPage.Locator("#rerun-form").CountAsync(), Is.Zero, "an approver does not rerun");
        // The demo's tables are unverified: approving without naming them is refused, with the reason on the page.
        Assert.That(await approverPage.Locator("#run-tables tr[data-verified=false]").CountAsync(), Is.GreaterThan(5), "every table the run read, unverified");
        Assert.That(await approverPage.IsVisibleAsync("#trial-mark"), Is.True);
        await approverPage.ClickAsync("#approve");
        await approverPage.WaitForSelectorAsync(".problem");
        Assert.That(await approverPage.InnerTextAsync(".problem"), Does.Contain("acknowledging each by name"));
        Assert.That(await approverPage.GetAttributeAsync("#run-state", "data-state"), Is.EqualTo("Calculated"));
        foreach (var box in await approverPage.Locator("#acknowledge input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }

        await approverPage.ClickAsync("#approve");
        await approverPage.WaitForSelectorAsync("#run-state[data-state=Approved]");
        Assert.That(await approverPage.Locator("#run-tables tr[data-verified=false]").First.InnerTextAsync(), Does.Contain(approverAccount.Username), "who acknowledged it");
        Assert.That(await approverPage.InnerTextAsync("#run-state"), Does.Contain(approverAccount.Username));
        await approverPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"run-approved-{Database.ProviderName}.png"), FullPage = true });

        // The bank files have their own page, reached from the run's.
        await page.ReloadAsync();
        await page.ClickAsync("#bank-link");
        await page.WaitForURLAsync("**/BankTransfer/Files?run=*", BrowserSession.Committed);
        await page.ClickAsync("#generate-bank");
        await page.WaitForSelectorAsync("#bank-files");
        Assert.That(await page.Locator("#bank-files tbody tr").CountAsync(), Is.EqualTo(6), "one file per payer account (each demo unit has its own)");
        var net = (await SendAsync(new GetPayrollRunSummary(runId, TestActors.Staff)))!.Totals.Net;
        Assert.That((await page.InnerTextAsync("#bank-total")).Replace(",", "", StringComparison.Ordinal), Is.EqualTo(net.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await page.Locator("#release-bank").CountAsync(), Is.Zero, "an operator does not release");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#bank-files tbody tr").First.Locator("button").ClickAsync());
        Assert.That(download.SuggestedFilename, Does.StartWith("bank-2026-12-run").And.EndWith(".txt"));

        await approverPage.GotoAsync(new Uri(Host.HttpsAddress, $"/BankTransfer/Files?run={runId}").ToString());
        Assert.That(await approverPage.InnerTextAsync("#release-bank-form"), Does.Contain(net.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        await approverPage.ClickAsync("#release-bank");
        await approverPage.WaitForSelectorAsync("#bank-released");
        await approverPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"bank-released-{Database.ProviderName}.png"), FullPage = true });

        await approverPage.ClickAsync("#run-link");
        await approverPage.WaitForSelectorAsync("#run-state[data-state=Paid]");
        Assert.That(await approverPage.Locator("#reissue").CountAsync(), Is.Zero, "an approver does not start runs");

        Assert.That(csp, Is.Empty, "the run pages need nothing the CSP forbids");
    }
}
