using ClosedXML.Excel;
using Dapper;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary><c>payroll personnel export</c>: the masked list of people at the command line, recorded like the page's export.</summary>
public sealed class PersonnelCliTests(string provider) : DatabaseFixture(provider)
{
    private async Task<(int Code, string Output, string Error)> AsStaffAsync(params string[] args) =>
        await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, args);

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Export_WritesANewOwnerOnlyFile_AndEveryExportIsRecordedWithEveryPerson()
    {
        Assert.That((await CliTests.RunInAsync(Database, "demo", "seed", "--employees", "12", "--units", "2")).Code, Is.Zero);
        var path = Path.Combine(Database.DataDirectory, "people.xlsx");

        var (code, output, error) = await AsStaffAsync("personnel", "export", "--out", path);
        Assert.That(code, Is.Zero, error);
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        using (var book = new XLWorkbook(path))
        {
            var sheet = book.Worksheet("人員清冊");
            Assert.That(sheet.LastRowUsed()!.RowNumber() - 1, Is.EqualTo(12), "one row per person");
            Assert.That(sheet.Cell(2, 3).GetString(), Does.Contain("*"), "national IDs masked");
        }

        var document = output[(output.LastIndexOf("document ", StringComparison.Ordinal) + "document ".Length)..].TrimEnd(')', '\n', '\r');

        // Created new: an existing file only with --force, never through a symbolic link.
        var (again, _, againError) = await AsStaffAsync("personnel", "export", "--out", path);
        Assert.That(again, Is.EqualTo(1));
        Assert.That(againError, Does.Contain("--force"));
        var (forced, forcedOutput, forcedError) = await AsStaffAsync("personnel", "export", "--out", path, "--force");
        Assert.That(forced, Is.Zero, forcedError);
        var decoy = Path.Combine(Database.DataDirectory, "decoy.txt");
        await File.WriteAllTextAsync(decoy, "decoy");
        var linked = Path.Combine(Database.DataDirectory, "linked.xlsx");
        File.CreateSymbolicLink(linked, decoy);
        var (throughLink, _, linkError) = await AsStaffAsync("personnel", "export", "--out", linked, "--force");
        Assert.That(throughLink, Is.EqualTo(1));
        Assert.That(linkError, Does.Contain("symbolic link"));
        Assert.That(await File.ReadAllTextAsync(decoy), Is.EqualTo("decoy"));

        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_document_subject WHERE document_id = @document", new { document }), Is.EqualTo(12L),
            "every person listed is a subject of the export");
        var downloads = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM vault_access a JOIN vault_document d ON d.id = a.document_id WHERE d.kind = 'personnel-export' AND a.action = 'Download' AND a.outcome = 'Allowed' AND a.user_agent LIKE 'cli:%'");
        Assert.That(downloads, Is.EqualTo(4L), "each of the four exports was taken out and recorded, the ones then refused on writing too");
        Assert.That(forcedOutput, Does.Not.Contain(document), "each export is a document of its own");
    }
}

/// <summary>Four eyes at the command line: an import's new people wait; the clerk who imported them cannot approve them.</summary>
public sealed class PendingChangeCliTests(string provider) : DatabaseFixture(provider)
{
    private async Task<(int Code, string Output, string Error)> AsStaffAsync(params string[] args) =>
        await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, args);

    [Test]
    public async Task Import_WaitsForASecondClerk_WhoAloneMayApproveItAtTheCommandLine()
    {
        var (admin, _) = await CliTests.AccountsAsync(Database);
        Assert.That((await CliTests.RunInAsync(Database, "demo", "seed", "--employees", "1", "--units", "1")).Code, Is.Zero);
        var file = Path.Combine(Database.DataDirectory, "new-people.xlsx");
        await File.WriteAllBytesAsync(file, EmployeeImportTests.Workbook(EmployeeImportTests.Row("C0001", "A123456789"), EmployeeImportTests.Row("C0002", "F234567898")));

        var (code, output, error) = await AsStaffAsync("personnel", "import", "--file", file, "--effective", "2026-01-01");
        Assert.That(code, Is.Zero, error);
        var batch = output[(output.IndexOf("--batch ", StringComparison.Ordinal) + "--batch ".Length)..].Trim();
        Assert.That(output, Does.Contain("2 of them wait for a second HR clerk"));

        var (own, _, ownError) = await AsStaffAsync("personnel", "approve", "--batch", batch);
        Assert.That(own, Is.Not.Zero);
        Assert.That(ownError, Does.Contain("cannot also approve"));

        var second = await CliTests.AddUserAsync(Database, admin, "cli-second-clerk", Payroll.Modules.Contracts.Authorization.Roles.HrClerk);
        var (listed, listing, listError) = await CliTests.RunAsAsync(Database, second, "personnel", "pending", "--batch", batch);
        Assert.That(listed, Is.Zero, listError);
        Assert.That(listing, Does.Contain("C0001").And.Contain("new").And.Contain("2 change(s)"));
        Assert.That(listing, Does.Not.Contain("A123456789"), "identifiers masked");

        var (approved, approval, approveError) = await CliTests.RunAsAsync(Database, second, "personnel", "approve", "--batch", batch);
        Assert.That(approved, Is.Zero, approveError);
        Assert.That(approval, Does.Contain("2 approved"));
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM personnel_employee_version WHERE recorded_by = 'cli-staff' AND approved_by = 'cli-second-clerk'"), Is.EqualTo(2L));
    }
}
