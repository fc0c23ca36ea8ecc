using System.Runtime.Versioning;
using System.Text.Json;
using Payroll.Tests.Support;

namespace Payroll.Tests.Host;

/// <summary>
/// The restore drill (docs/deployment.md, "Backups and the restore drill"), on each engine: an administrator backs up a
/// city with a calculated run and a checkpoint, the keys are exported apart under a passphrase, the machine is gone, and
/// on a new one the keys are imported and the backup restored into an empty database: the ledger verifies, the people
/// sign in and every name decrypts. A backup holds no key; a
/// changed file, a database in use, and anyone but an administrator are refused.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BackupRestoreTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task BackUp_Destroy_Restore_Verify()
    {
        await using var city = await TestDatabase.CreateAsync(ProviderName);
        var (admin, staff) = await CliTests.AccountsAsync(city);
        Assert.That((await CliTests.RunInAsync(city, "demo", "seed", "--units", "2", "--employees", "12")).Code, Is.Zero);
        var (started, _, startError) = await CliTests.RunAsAsync(city, staff, "run", "start", "--period", "2026-12", "--wait");
        Assert.That(started, Is.Zero, startError);
        var (checkpointed, _, checkpointError) = await CliTests.RunAsAsync(city, staff, "audit", "checkpoint");
        Assert.That(checkpointed, Is.Zero, checkpointError);
        var runBefore = await RunShowAsync(city, staff);

        // Only an administrator takes a copy of everyone's data: the member of staff is refused before anything is written.
        var refusedDirectory = Path.Combine(city.DataDirectory + "-backups", "by-staff");
        var (refused, _, refusedError) = await CliTests.RunAsAsync(city, staff, "backup", "--out", refusedDirectory);
        Assert.That(refused, Is.EqualTo(1), refusedError);
        Assert.That(Directory.Exists(refusedDirectory), Is.False, "nothing was copied");

        var backup = Path.Combine(city.DataDirectory + "-backups", "nightly");
        var (code, output, error) = await CliTests.RunAsAsync(city, admin, "backup", "--out", backup);
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("It holds no key"));
        Assert.That(File.GetUnixFileMode(backup), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        using (var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(backup, "manifest.json"))))
        {
            var names = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
            Assert.That(names, Is.EqualTo(ProviderName == "postgres" ? new[] { "payroll.pgdump" } : ["payroll.db", "jobs.db"]));
            Assert.That(manifest.RootElement.GetProperty("engine").GetString(), Is.EqualTo(ProviderName));
            Assert.That(manifest.RootElement.GetProperty("takenBy").GetString(), Is.EqualTo(admin.Name));
        }

        // No key in the backup: none of the field keys nor the index key, as the file spells them or as bytes.
        using (var keyFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(city.KeyDirectory, "field-keys.json"))))
        {
            var secrets = keyFile.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("key").GetString()!)
                .Append(keyFile.RootElement.GetProperty("blindIndexKey").GetString()!).ToList();
            foreach (var file in Directory.GetFiles(backup))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                foreach (var secret in secrets)
                {
                    Assert.That(bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(secret)), Is.EqualTo(-1), file);
                    Assert.That(bytes.AsSpan().IndexOf(Convert.FromBase64String(secret)), Is.EqualTo(-1), file);
                }
            }
        }

        // The keys go apart, sealed with a passphrase (one too short is refused).
        const string passphrase = "correct horse battery staple 2026";
        var sealedKeys = Path.Combine(city.DataDirectory + "-backups", "keys.sealed");
        var (shortCode, _, shortError) = await CliTests.RunWithInputForTestsAsync(city, "too short\n", "keys", "export", "--out", sealedKeys);
        Assert.That(shortCode, Is.EqualTo(1));
        Assert.That(shortError, Does.Contain("at least 16 characters"));
        var (exportedKeys, exportOutput, exportKeysError) = await CliTests.RunWithInputForTestsAsync(city, passphrase + "\n", "keys", "export", "--out", sealedKeys);
        Assert.That(exportedKeys, Is.Zero, exportKeysError);
        Assert.That(exportOutput, Does.Contain("key files sealed"));
        Assert.That(File.GetUnixFileMode(sealedKeys), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        // The machine is gone. A new one gets the keys from their export (not with a wrong passphrase), then the backup
        // into its empty database.
        await using var restored = await TestDatabase.CreateAsync(ProviderName);
        var (wrongCode, _, wrongError) = await CliTests.RunWithInputForTestsAsync(restored, "not the passphrase at all\n", "keys", "import", "--from", sealedKeys);
        Assert.That(wrongCode, Is.EqualTo(1));
        Assert.That(wrongError, Does.Contain("passphrase does not open this export"));
        Assert.That(Directory.Exists(restored.KeyDirectory) && Directory.EnumerateFiles(restored.KeyDirectory, "*", SearchOption.AllDirectories).Any(), Is.False, "nothing was written");
        var (imported, _, importError) = await CliTests.RunWithInputForTestsAsync(restored, passphrase + "\n", "keys", "import", "--from", sealedKeys);
        Assert.That(imported, Is.Zero, importError);
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(restored.KeyDirectory, "field-keys.json")), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(city.KeyDirectory, "field-keys.json"))));
        Assert.That(File.GetUnixFileMode(Path.Combine(restored.KeyDirectory, "field-keys.json")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        var (restoredCode, restoredOutput, restoredError) = await CliTests.RunInAsync(restored, "restore", "--from", backup);
        Assert.That(restoredCode, Is.Zero, restoredError + restoredOutput);
        Assert.That(restoredOutput, Does.Contain("every file matched its SHA-256").And.Contain("access: intact").And.Contain("change: intact"));

        // The same people sign in (their TOTP secrets open with the restored key ring), the run is the same, and every
        // name decrypts (the export reads them all).
        Assert.That(await RunShowAsync(restored, staff), Is.EqualTo(runBefore));
        var export = Path.Combine(restored.DataDirectory, "people.xlsx");
        var (exported, _, exportError) = await CliTests.RunAsAsync(restored, staff, ["personnel", "export", "--out", export]);
        Assert.That(exported, Is.Zero, exportError);

        // Never over keys that are there, nor over a database in use.
        var (twice, _, twiceError) = await CliTests.RunWithInputForTestsAsync(restored, passphrase + "\n", "keys", "import", "--from", sealedKeys);
        Assert.That(twice, Is.EqualTo(1));
        Assert.That(twiceError, Does.Contain("an import never replaces keys"));
        var (again, _, againError) = await CliTests.RunInAsync(restored, "restore", "--from", backup);
        Assert.That(again, Is.EqualTo(1));
        Assert.That(againError, Does.Contain("is not empty").And.Contain("never over one in use"));
        Directory.Delete(city.DataDirectory + "-backups", recursive: true);
    }

    [Test]
    public async Task ABackupChangedSinceItWasTaken_IsRefused_NamingTheFile()
    {
        await using var city = await TestDatabase.CreateAsync(ProviderName);
        var (admin, _) = await CliTests.AccountsAsync(city);
        var backup = Path.Combine(city.DataDirectory + "-backups", "nightly");
        Assert.That((await CliTests.RunAsAsync(city, admin, "backup", "--out", backup)).Code, Is.Zero);
        var file = Directory.GetFiles(backup).First(f => !f.EndsWith("manifest.json", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        await using var empty = await TestDatabase.CreateAsync(ProviderName);
        var (code, _, error) = await CliTests.RunInAsync(empty, "restore", "--from", backup, "--set", $"Payroll:KeyDirectory={city.KeyDirectory}");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(Path.GetFileName(file)).And.Contain("does not match its SHA-256"));

        var (exists, _, existsError) = await CliTests.RunAsAsync(city, admin, "backup", "--out", backup);
        Assert.That(exists, Is.EqualTo(1));
        Assert.That(existsError, Does.Contain("is not an empty directory"));
        Directory.Delete(city.DataDirectory + "-backups", recursive: true);
    }

    private static async Task<string> RunShowAsync(TestDatabase database, CliUser user, params string[] extra)
    {
        var (code, output, error) = await CliTests.RunAsAsync(database, user, ["run", "list", .. extra]);
        Assert.That(code, Is.Zero, error);
        return output;
    }
}
