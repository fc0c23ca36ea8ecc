using Payroll.Tests.Support;
using Payroll.Modules.Contracts.Authorization;
using Microsoft.Playwright;
using Payroll.Tests.Host;

namespace Payroll.Tests.Browser;

/// <summary>
/// A real browser (Debian's Chromium, headless, driven by Playwright; no browser download) logs in with password and
/// TOTP and reaches the home page. Screenshots are kept as test artefacts.
/// </summary>
[Category("Browser")]
public sealed class LoginInBrowserTests(string provider) : HostFixture(provider)
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public static string ArtifactDirectory
    {
        get
        {
            var dir = Path.Combine(Environment.GetEnvironmentVariable("PAYROLL_TEST_ARTIFACTS") ?? TestContext.CurrentContext.WorkDirectory, "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    [OneTimeSetUp]
    public async Task StartBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserSession.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopBrowserAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Test]
    public async Task Operator_LogsInWithPasswordAndTotp_AndSeesTheHomePage()
    {
        var account = await Host.AddUserAsync(NewName("operator"), true, Roles.PayrollOperator);
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "zh-TW", ViewportSize = new() { Width = 1100, Height = 700 } });
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspViolations.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(Host.HttpsAddress, "/").ToString());
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/Login"), "anonymous visitors land on the login page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, $"login-{Database.ProviderName}.png") });

        await page.FillAsync("#Username", account.Username);
        await page.FillAsync("#Password", account.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync("**/Login/Totp**", BrowserSession.Committed);

        using var codes = Host.Client();
        await page.FillAsync("#Code", codes.Code(account.TotpSecret!));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, $"totp-{Database.ProviderName}.png") });
        await page.ClickAsync("#totp-form button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", BrowserSession.Committed);

        Assert.That(await page.InnerTextAsync("h1"), Does.Contain("歡迎").And.Contain(account.Username));
        Assert.That(await page.Locator("#roles li[data-role=PayrollOperator]").CountAsync(), Is.EqualTo(1));
        var shot = Path.Combine(ArtifactDirectory, $"home-{Database.ProviderName}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        TestContext.AddTestAttachment(shot, "home page after login");

        Assert.That(cspViolations, Is.Empty, "the pages need nothing the CSP forbids");
        await page.GotoAsync(new Uri(Host.HttpsAddress, "/hangfire").ToString());
        Assert.That(await page.TitleAsync(), Does.Contain("Payroll jobs"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, $"hangfire-{Database.ProviderName}.png"), FullPage = true });
        TestContext.Out.WriteLine("dashboard CSP reports: " + string.Join(" | ", cspViolations));

        await page.GotoAsync(new Uri(Host.HttpsAddress, "/").ToString());
        await page.ClickAsync("#logout");
        await page.WaitForURLAsync("**/Login**", BrowserSession.Committed);
    }

    [Test]
    public async Task Auditor_SearchesTheLedger_ForOutsideAddresses()
    {
        // Ledger rows are written by handlers: written here as a handler would, within an allowed message.
        var outsider = Payroll.Modules.Contracts.Actor.User(7, "lin.ops", ["PayrollOperator"], sessionKey: "s", clientIp: "203.0.113.23", userAgent: "Mozilla/5.0");
        await Host.Services.SendWithinAsync(new Payroll.Modules.Contracts.Vault.RecordAccess(outsider, Payroll.Modules.Contracts.Vault.AccessAction.View, null, "/personnel/1024", [1024], ["name", "salary"], Payroll.Modules.Contracts.Vault.AccessOutcome.Allowed));
        await Host.Services.SendWithinAsync(new Payroll.Modules.Contracts.Vault.RecordAccess(outsider, Payroll.Modules.Contracts.Vault.AccessAction.Download, null, "/documents/download/…", [], [], Payroll.Modules.Contracts.Vault.AccessOutcome.Refused, "grant expired"));

        var auditor = await Host.AddUserAsync(NewName("auditor"), true, Roles.Auditor);
        await using var context = await BrowserSession.NewContextAsync(_browser, 1200, 800);
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, Host, auditor);

        await page.ClickAsync("text=存取日誌");
        await page.CheckAsync("input[name=outside]");
        await page.ClickAsync("#ledger-filter button[type=submit]");
        await page.WaitForSelectorAsync("#ledger-results");
        Assert.That(await page.InnerTextAsync("#ledger-results"), Does.Contain("203.0.113.23").And.Contain("grant expired"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, $"ledger-{Database.ProviderName}.png"), FullPage = true });
    }

    [Test]
    public async Task Clerk_ImportsAFileWithAnError_SeesTheReport_ThenImportsTheFix()
    {
        await using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(Host.Services))
        {
            var sender = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Mediator.ISender>(scope.ServiceProvider);
            await sender.Send(new Payroll.Modules.Contracts.Personnel.SeedDemoUnits(2, 9, TestActors.Staff));
        }

        var clerk = await Host.AddUserAsync(NewName("clerk"), true, Roles.HrClerk);
        await using var context = await BrowserSession.NewContextAsync(_browser);
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, Host, clerk);

        await page.ClickAsync("text=人員資料");
        await page.ClickAsync("text=匯入");
        var bad = Path.Combine(ArtifactDirectory, $"import-bad-{Database.ProviderName}.xlsx");
        await File.WriteAllBytesAsync(bad, ImportWorkbook("A123456788"));
        await page.SetInputFilesAsync("#Workbook", bad);
        await page.FillAsync("#EffectiveFrom", "2026-12-01");
        await page.ClickAsync("#import-form button[type=submit]");
        await page.WaitForSelectorAsync("#problems");
        Assert.That(await page.InnerTextAsync("#problems"), Does.Contain("身分證號").And.Contain("檢查碼錯誤"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, $"import-report-{Database.ProviderName}.png"), FullPage = true });

        var good = Path.Combine(ArtifactDirectory, $"import-good-{Database.ProviderName}.xlsx");
        await File.WriteAllBytesAsync(good, ImportWorkbook("A123456789"));
        await page.SetInputFilesAsync("#Workbook", good);
        await page.FillAsync("#EffectiveFrom", "2026-12-01");
        await page.ClickAsync("#import-form button[type=submit]");
        await page.WaitForSelectorAsync("#import-done");
        Assert.That(await page.InnerTextAsync("#import-pending"), Does.Contain("1"), "a new person waits for a second clerk");

        // A second HR clerk approves it on 「待覆核異動」.
        var second = await Host.AddUserAsync(NewName("clerk2"), true, Roles.HrClerk);
        await using (var secondContext = await BrowserSession.NewContextAsync(_browser))
        {
            var secondPage = await secondContext.NewPageAsync();
            await BrowserSession.SignInAsync(secondPage, Host, second);
            await secondPage.GotoAsync(new Uri(Host.HttpsAddress, "/Personnel/Pending").ToString());
            await secondPage.ClickAsync(".pending button[name=approve][value=true]");
            await secondPage.WaitForSelectorAsync("#decided");
        }

        await page.GotoAsync(new Uri(Host.HttpsAddress, "/Personnel").ToString());
        await page.FillAsync("#personnel-search input[name=q]", "B0001");
        await page.ClickAsync("#personnel-search button[type=submit]");
        await page.WaitForSelectorAsync("#people");
        Assert.That(await page.InnerTextAsync("#people"), Does.Contain("A12****789").And.Not.Contain("A123456789"));
        Assert.That(page.Url, Does.Not.Contain("B0001"), "the query is posted, not put in the address");
    }

    private static byte[] ImportWorkbook(string nationalId)
    {
        string[] row = ["B0001", "U0001", "周美華", "", nationalId, "1990-02-03", "教師", "", "", "300", "", "", "", "", "0", "公保", "退撫基金", "扣繳稅額表", "0", "是",
            "700", "0001", "00012345678901", "", "", "", "在職", "2021-08-01"];
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        var sheet = workbook.AddWorksheet("人員資料");
        var headings = Payroll.Modules.Personnel.Import.EmployeeSheet.Headings;
        for (var c = 0; c < headings.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headings[c];
            sheet.Cell(2, c + 1).SetValue(row[c]);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    [Test]
    public async Task WrongPassword_ShowsTheErrorInChinese()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Host.HttpsAddress, "/Login").ToString());
        await page.FillAsync("#Username", "nobody");
        await page.FillAsync("#Password", "wrong password");
        await page.ClickAsync("#login-form button[type=submit]");
        Assert.That(await page.InnerTextAsync("#login-error"), Does.Contain("帳號或密碼錯誤"));
    }
}
