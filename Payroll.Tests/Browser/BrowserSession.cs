using Microsoft.Playwright;
using Payroll.Host.Security.Accounts;
using Payroll.Tests.Support;

namespace Payroll.Tests.Browser;

/// <summary>Debian's Chromium (headless, no download) and a sign-in with password and TOTP, for the browser tests.</summary>
internal static class BrowserSession
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    public static Task<IBrowserContext> NewContextAsync(IBrowser browser, int width = 1100, int height = 800) =>
        browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "zh-TW", ViewportSize = new() { Width = width, Height = height } });

    /// <summary>Signs in on the login page and waits for the home page.</summary>
    public static async Task SignInAsync(IPage page, TestHost host, NewAccount account)
    {
        await page.GotoAsync(new Uri(host.HttpsAddress, "/Login").ToString());
        await page.FillAsync("#Username", account.Username);
        await page.FillAsync("#Password", account.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync("**/Login/Totp**");
        using var codes = host.Client();
        await page.FillAsync("#Code", codes.Code(account.TotpSecret!));
        await page.ClickAsync("#totp-form button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>Collects the console's Content Security Policy complaints, which must stay empty.</summary>
    public static List<string> WatchCsp(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        return violations;
    }
}
