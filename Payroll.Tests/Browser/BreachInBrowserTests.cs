using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using Microsoft.Playwright;
using Payroll.Tests.Support;

namespace Payroll.Tests.Browser;

/// <summary>
/// From "we found a leak" to everyone notified, in a browser: a compliance officer records the incident, its facts,
/// contact point and a measure, scopes it from a list of employee numbers and asks to launch; a second officer approves;
/// the job server sends the e-mails to a real SMTP server while the page shows the progress; the letters are printed.
/// </summary>
[Category("Browser")]
public sealed class BreachInBrowserTests(string provider) : DemoCityBrowserFixture(provider)
{
    private TestSmtpServer? _smtp;

    private TestSmtpServer Smtp => _smtp ??= TestSmtpServer.Start();

    protected override (int Units, int People, int Seed) City => (3, 40, 5);

    protected override IEnumerable<string> ExtraArgs => Smtp.ConfigArgs();

    [OneTimeTearDown]
    public async Task StopSmtpAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    [Test]
    public async Task Officer_RecordsScopesAndLaunches_SecondOfficerApproves_EveryoneIsReached()
    {
        var list = Path.Combine(Database.DataDirectory, "affected.xlsx");
        await File.WriteAllBytesAsync(list, Payroll.Benchmarks.SyntheticCity.NumberList(Payroll.Benchmarks.SyntheticCity.DemoEmployeeNumbers(25)));

        var first = await Host.AddUserAsync(NewName("officer"), true, Roles.ComplianceOfficer);
        await using var context = await BrowserSession.NewContextAsync(Browser, 1100, 900);
        var page = await context.NewPageAsync();
        var csp = BrowserSession.WatchCsp(page);
        await BrowserSession.SignInAsync(page, Host, first);

        await page.ClickAsync("text=個資事故");
        await page.FillAsync("#new-incident input[name=Title]", "薪資清冊可不經登入下載");
        await page.ClickAsync("#new-incident button[type=submit]");
        await page.WaitForURLAsync("**/Breach/Incident?id=*", BrowserSession.Committed);
        Assert.That(await page.Locator("#deadlines tr[data-deadline=cyber-report]").CountAsync(), Is.EqualTo(1), "the 1-hour report clock");
        Assert.That(await page.Locator("#notice-problems li").CountAsync(), Is.GreaterThanOrEqualTo(3), "facts, measures, contact point and scope are missing");

        await page.FillAsync("textarea[name='Form.Facts']", "11 月 17 日至 19 日間薪資清冊可不經登入下載，並經搜尋引擎索引。");
        await page.FillAsync("input[name='Form.Categories']", "name, salary");
        await page.FillAsync("input[name='Form.ContactOffice']", "人事處個資保護窗口");
        await page.FillAsync("input[name='Form.ContactPhone']", "02-2720-8889");
        await page.ClickAsync("#save-facts");
        await page.FillAsync("input[name=MeasureText]", "已關閉下載路徑並要求搜尋引擎移除索引。");
        await page.ClickAsync("#add-measure");
        await page.SetInputFilesAsync("#scope-form input[name=List]", list);
        await page.ClickAsync("#scope");
        await page.WaitForSelectorAsync("#affected[data-people='25']");
        Assert.That(await page.Locator("#notice-ready").CountAsync(), Is.EqualTo(1), "the statutory check passes");
        await page.ClickAsync("#templates summary");
        await page.FillAsync("#templates form[data-channel=Email] input[name=TemplateSubject]", "【個人資料外洩事故通知】{incident}（第一次通知）");
        await page.ClickAsync("#templates form[data-channel=Email] button[type=submit]");
        await page.WaitForSelectorAsync("#notice-ready");
        await page.ClickAsync("#request-launch");
        await page.WaitForSelectorAsync("#launch-requested");
        Assert.That(await page.Locator("#approve-launch").CountAsync(), Is.Zero, "the officer who asked does not approve");
        var url = page.Url;

        var second = await Host.AddUserAsync(NewName("officer2"), true, Roles.ComplianceOfficer);
        await using var secondContext = await BrowserSession.NewContextAsync(Browser, 1100, 900);
        var secondPage = await secondContext.NewPageAsync();
        csp.AddRange(BrowserSession.WatchCsp(secondPage));
        await BrowserSession.SignInAsync(secondPage, Host, second);
        await secondPage.GotoAsync(url);
        await secondPage.ClickAsync("#approve-launch");
        await secondPage.WaitForSelectorAsync("#launched");

        // The page refreshes itself while e-mails go out; the job server sends them.
        var email = secondPage.Locator("#progress tr[data-channel=Email] td.num").First;
        for (var i = 0; i < 60 && await secondPage.Locator("#progress tr[data-channel=Email]").CountAsync() == 1
                                 && await secondPage.Locator("meta[http-equiv=refresh]").CountAsync() > 0; i++)
        {
            await Task.Delay(500);
            await secondPage.ReloadAsync();
        }

        var sentText = await email.InnerTextAsync();
        Assert.That(int.Parse(sentText, CultureInfo.InvariantCulture), Is.EqualTo(Smtp.Messages.Count), "each e-mail the server received is counted once");
        Assert.That(Smtp.Messages.Select(m => m.To.Mailboxes.Single().Address), Is.Unique);
        Assert.That(Smtp.Messages.Select(m => m.Subject), Has.All.EqualTo("【個人資料外洩事故通知】薪資清冊可不經登入下載（第一次通知）"), "the officer's own template");
        await secondPage.ClickAsync("#print-letters");
        await secondPage.WaitForSelectorAsync("#launched");
        await secondPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"breach-notices-{Database.ProviderName}.png"), FullPage = true });
        var letters = await secondPage.Locator("#progress tr[data-channel=Letter] td.num").First.InnerTextAsync();
        Assert.That(int.Parse(sentText, CultureInfo.InvariantCulture) + int.Parse(letters, CultureInfo.InvariantCulture), Is.EqualTo(25), "everyone reached, by one channel");
        Assert.That(csp, Is.Empty);
    }
}
