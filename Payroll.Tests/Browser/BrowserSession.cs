using Microsoft.Playwright;
using Payroll.Modules.Contracts.Accounts;
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

    /// <summary>Waits for a navigation to be committed only; the test then waits for the element it needs.</summary>
    public static PageWaitForURLOptions Committed { get; } = new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 };

    /// <summary>
    /// Signs in on the login page and waits for the home page's list of roles. It waits for content, not for the
    /// document's load event: under a loaded machine Chromium has been seen to commit the home page, go network-idle and
    /// never report "load" within 30 s. When the home page does not come, the failure says where the browser was and
    /// leaves a screenshot.
    /// </summary>
    public static async Task SignInAsync(IPage page, TestHost host, NewAccount account)
    {
        await page.GotoAsync(new Uri(host.HttpsAddress, "/Login").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.FillAsync("#Username", account.Username);
        await page.FillAsync("#Password", account.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await ExpectAsync(page, "#totp-form #Code", account.Username, "the second-factor form");
        using var codes = host.Client();
        await page.FillAsync("#Code", codes.Code(account.TotpSecret!));
        await page.ClickAsync("#totp-form button[type=submit]");
        await ExpectAsync(page, "#roles", account.Username, "the home page");
    }

    private static async Task ExpectAsync(IPage page, string selector, string username, string what)
    {
        try
        {
            await page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            var shot = Path.Combine(LoginInBrowserTests.ArtifactDirectory, $"sign-in-failed-{username}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true, Timeout = 10_000 });
            var text = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 10_000 });
            throw new InvalidOperationException($"Signing in as {username}: {what} ({selector}) did not appear within 60 s; the browser is at {page.Url} showing: {text.ReplaceLineEndings(" ")[..Math.Min(text.Length, 400)]} (screenshot {shot})", e);
        }
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
