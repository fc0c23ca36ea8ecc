using Payroll.Tests.Support;
using Microsoft.Playwright;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Tests.Host;

namespace Payroll.Tests.Browser;

/// <summary>A host with its job server, a small demo city, and a headless Chromium for the test's users.</summary>
public abstract class DemoCityBrowserFixture(string provider) : HostFixture(provider)
{
    protected static readonly Actor Cli = TestActors.Staff;
    private IPlaywright _playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    protected override string Role => "all";

    protected abstract (int Units, int People, int Seed) City { get; }

    [OneTimeSetUp]
    public async Task StartBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserSession.LaunchAsync(_playwright);
        await SendAsync(new SeedDemoUnits(City.Units, City.Seed, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, City.People, City.Seed, TestActors.Staff));
    }

    [OneTimeTearDown]
    public async Task StopBrowserAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
