using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary><c>payroll garnishment add|remittances</c>: an order recorded from a script, withheld by a run, listed for its creditor.</summary>
public sealed class GarnishmentCliTests(string provider) : DatabaseFixture(provider)
{
    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CliTests.RunInAsync(Database, args);

    /// <summary>A verb acting as the database's member of staff, signed in with password and TOTP code.</summary>
    private async Task<(int Code, string Output, string Error)> AsStaffAsync(params string[] args) =>
        await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, args);

    [Test]
    public async Task AnOrder_IsWithheld_AndListedForItsCreditor()
    {
        Assert.That((await RunAsync("demo", "seed", "--employees", "20", "--units", "1")).Code, Is.Zero);
        var (badCode, _, badError) = await AsStaffAsync("garnishment", "add", "--employee", "D000001", "--creditor", "台灣銀行", "--reference", "北院 115 司執 1",
            "--order-date", "2026-09-01", "--debt", "50000", "--share", "one third", "--from", "2026-12");
        Assert.That(badCode, Is.EqualTo(1));
        Assert.That(badError, Does.Contain("--share"));

        var (code, output, error) = await AsStaffAsync("garnishment", "add", "--employee", "D000001", "--creditor", "台灣銀行", "--reference", "北院 115 司執 1",
            "--order-date", "2026-09-01", "--debt", "50000", "--amount", "2000", "--from", "2026-12");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Match(@"garnishment order \d+"));

        var (startCode, started, startError) = await AsStaffAsync("run", "start", "--period", "2026-12", "--wait");
        Assert.That(startCode, Is.Zero, startError);
        var runId = started.Split(' ')[1];
        var (listCode, list, listError) = await AsStaffAsync("garnishment", "remittances", "--run", runId);
        Assert.That(listCode, Is.Zero, listError);
        Assert.That(list, Does.Contain("台灣銀行: 2,000").And.Contain("北院 115 司執 1  D000001  2,000  balance 48,000"));
    }
}
