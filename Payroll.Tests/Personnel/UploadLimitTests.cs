using System.IO.Compression;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>
/// Uploaded workbooks are checked before the spreadsheet reader opens them: one that unpacks beyond the limit (a zip
/// bomb) or holds too many parts is refused as a whole, naming its field, whichever import carries it.
/// </summary>
public sealed class UploadLimitTests(string provider) : DatabaseFixture(provider)
{
    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Uploads:MaxWorkbookUnpackedMiB=2", "--Payroll:Uploads:MaxWorkbookEntries=50"];

    [OneTimeSetUp]
    public Task MigrateAsync() => Migrator.MigrateAsync();

    [Test]
    public async Task AWorkbookWithinTheLimits_IsRead()
    {
        var template = await SendAsync(new GetEmployeeImportTemplate(TestActors.Staff));
        // The template is well under the limits: it reaches the importer, which reads it (and reports it has no rows).
        var result = await ImportApprovedAsync(new ImportEmployees(template, "template.xlsx", new DateOnly(2026, 1, 1), TestActors.Staff));
        Assert.That(result.Created + result.Changed, Is.Zero);
        Assert.That(result.Problems.Select(p => p.Message), Has.None.Contains("上限").And.None.Contains("壓縮炸彈"));
    }

    [Test]
    public void AZipBomb_IsRefused_BeforeItIsOpened()
    {
        // 3 MiB of zeros deflate to a few kilobytes: small on the wire, over the 2 MiB limit unpacked.
        var bomb = Zip(("xl/worksheets/sheet1.xml", 3 * 1024 * 1024));
        Assert.That(bomb.Length, Is.LessThan(64 * 1024));
        var error = Assert.ThrowsAsync<InvalidInputException>(() => ImportApprovedAsync(new ImportEmployees(bomb, "bomb.xlsx", new DateOnly(2026, 1, 1), TestActors.Staff)));
        Assert.That(error!.Errors.Single().Field, Is.EqualTo("Workbook"));
        Assert.That(error.Errors.Single().Message, Does.Contain("解壓後超過 2 MB 上限").And.Contain("壓縮炸彈"));
    }

    [Test]
    public void TooManyParts_AreRefused_Named()
    {
        var parts = Zip([.. Enumerable.Range(0, 60).Select(i => ($"xl/part{i}.xml", 10))]);
        var error = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportReferenceTable(parts, "table.xlsx", TestActors.Staff)));
        Assert.That(error!.Errors.Single().Message, Does.Contain("含 60 個內部檔案，超過 50 個上限"));
    }

    [Test]
    public void EveryWorkbookImport_IsGuarded()
    {
        var bomb = Zip(("xl/worksheets/sheet1.xml", 3 * 1024 * 1024));
        Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportAppraisals(bomb, "a.xlsx", TestActors.Staff)));
        Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportDiscipline(bomb, "d.xlsx", TestActors.Staff)));
        Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportUnits(bomb, "u.xlsx", TestActors.Staff)));
        Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportBankCodes(bomb, "b.xlsx", TestActors.Staff)));
    }

    private static byte[] Zip(params (string Name, int Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(new byte[bytes]);
            }
        }

        return buffer.ToArray();
    }
}
