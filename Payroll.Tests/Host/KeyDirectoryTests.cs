using System.Runtime.Versioning;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Configuration;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Storage;
using Payroll.Tests.Support;

namespace Payroll.Tests.Host;

/// <summary>
/// Keys apart from the data (issue "At rest", item 5): by default the field keys, the data-protection key ring and the
/// checkpoint file live in the key directory beside the data directory, owner-only; a copy of the data directory holds
/// no key. Keys others can read stop every verb and the host before anything starts. The key ring is sealed at rest. An
/// installation with keys where earlier versions kept them keeps working and is told how to move them. Old field keys
/// are retired once nothing is encrypted under them.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class KeyDirectoryTests(string provider) : DatabaseFixture(provider)
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task ByDefault_KeysLiveInTheKeyDirectory_OwnerOnly_AndTheDataDirectoryHoldsNone()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        await CliTests.AccountsAsync(fresh);   // accounts with TOTP: the key ring protects their secrets

        Assert.That(File.GetUnixFileMode(fresh.KeyDirectory), Is.EqualTo(OwnerOnlyDirectory));
        var fieldKeys = Path.Combine(fresh.KeyDirectory, "field-keys.json");
        Assert.That(File.GetUnixFileMode(fieldKeys), Is.EqualTo(OwnerOnlyFile));
        var ringFiles = Directory.GetFiles(Path.Combine(fresh.KeyDirectory, "data-protection"), "*.xml");
        Assert.That(ringFiles, Is.Not.Empty);
        Assert.That(ringFiles.Select(File.GetUnixFileMode), Has.All.EqualTo(OwnerOnlyFile));

        Assert.That(Directory.GetFiles(fresh.DataDirectory, "field-keys*", SearchOption.AllDirectories), Is.Empty);
        Assert.That(Directory.GetFiles(fresh.DataDirectory, "key-*.xml", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task TheKeyRing_IsSealedAtRest_NoKeyMaterialInClear()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        await CliTests.AccountsAsync(fresh);

        foreach (var file in Directory.GetFiles(Path.Combine(fresh.KeyDirectory, "data-protection"), "*.xml"))
        {
            var xml = await File.ReadAllTextAsync(file);
            // A key in clear carries its secret as <masterKey ...><value>BASE64</value>; sealed, only our element is there.
            Assert.That(xml, Does.Contain("<sealedSecret").And.Contain("KeyRingXmlDecryptor"), file);
            Assert.That(xml, Does.Not.Contain("<masterKey").And.Not.Contain("<value>"), file);
        }

        // Sealed under a key derived from the field-key file: that file opens it (to a key in clear), another does not.
        var sealedValue = Convert.FromBase64String(System.Xml.Linq.XDocument.Load(Directory.GetFiles(Path.Combine(fresh.KeyDirectory, "data-protection"), "*.xml")[0])
            .Descendants("sealedSecret").Single().Value);
        var opened = System.Text.Encoding.UTF8.GetString(Payroll.Host.Security.KeyRingProtection.Open(FieldKeyRing.LoadOrCreate(Path.Combine(fresh.KeyDirectory, "field-keys.json")), sealedValue));
        Assert.That(opened, Does.Contain("<masterKey").And.Contain("<value>"));
        var another = FieldKeyRing.LoadOrCreate(Path.Combine(fresh.DataDirectory, "another", "field-keys.json"));
        Assert.Throws(Is.InstanceOf<System.Security.Cryptography.CryptographicException>(), () => Payroll.Host.Security.KeyRingProtection.Open(another, sealedValue));
    }

    [Test]
    public async Task KeysOthersCanRead_StopEveryVerb_NamingTheFileAndTheFix()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var (migrated, _, migrateError) = await CliTests.RunInAsync(fresh, "migrate");
        Assert.That(migrated, Is.Zero, migrateError);

        File.SetUnixFileMode(fresh.KeyDirectory, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var (code, _, error) = await CliTests.RunInAsync(fresh, "migrate");
        Assert.That(code, Is.EqualTo(1), "refused");
        Assert.That(error, Does.Contain($"{fresh.KeyDirectory} is 0755 (chmod 700 {fresh.KeyDirectory})"));

        File.SetUnixFileMode(fresh.KeyDirectory, OwnerOnlyDirectory);
        var fieldKeys = Path.Combine(fresh.KeyDirectory, "field-keys.json");
        File.SetUnixFileMode(fieldKeys, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        (code, _, error) = await CliTests.RunInAsync(fresh, "migrate");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"{fieldKeys} is 0644 (chmod 600 {fieldKeys})"));

        File.SetUnixFileMode(fieldKeys, OwnerOnlyFile);
        (code, _, error) = await CliTests.RunInAsync(fresh, "migrate");
        Assert.That(code, Is.Zero, error);
    }

    [Test]
    public async Task KeysWhereEarlierVersionsKeptThem_StillWork_WithAWarningThatSaysHowToMoveThem()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var (migrated, _, migrateError) = await CliTests.RunInAsync(fresh, "migrate");
        Assert.That(migrated, Is.Zero, migrateError);

        // An installation of an earlier version: the field-key file in the data directory, no key directory.
        var legacy = Path.Combine(fresh.DataDirectory, "field-keys.json");
        File.Move(Path.Combine(fresh.KeyDirectory, "field-keys.json"), legacy);
        Directory.Delete(fresh.KeyDirectory, recursive: true);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payroll:DataDirectory"] = fresh.DataDirectory }).Build();
        var paths = KeyDirectory.Resolve(configuration);
        Assert.That(paths.FieldKeyFile, Is.EqualTo(legacy));
        Assert.That(paths.Warnings.Single(), Does.Contain($"The field-key file is still at {legacy}")
            .And.Contain($"mv {legacy} {Path.Combine(fresh.KeyDirectory, "field-keys.json")}"));

        // The database's data is under that file: a new one made in the key directory would stop every verb.
        var (code, _, error) = await CliTests.RunInAsync(fresh, "migrate");
        Assert.That(code, Is.Zero, error);
        Assert.That(File.Exists(Path.Combine(fresh.KeyDirectory, "field-keys.json")), Is.False, "no second key file was made");
    }

    [Test]
    public async Task KeysRetire_WaitsUntilEveryHostHasTheNewKey_ThenReencryptsAndRemovesTheOldOnes()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var (_, staff) = await CliTests.AccountsAsync(fresh);
        var (seeded, _, seedError) = await CliTests.RunInAsync(fresh, "demo", "seed", "--units", "2", "--employees", "12");
        Assert.That(seeded, Is.Zero, seedError);
        var fieldKeys = Path.Combine(fresh.KeyDirectory, "field-keys.json");

        var (rotated, rotateOutput, rotateError) = await CliTests.RunInAsync(fresh, "keys", "rotate");
        Assert.That(rotated, Is.Zero, rotateError);
        Assert.That(rotateOutput, Does.Contain("Field key 2 is now active"));

        var (early, _, earlyError) = await CliTests.RunInAsync(fresh, "keys", "retire");
        Assert.That(early, Is.EqualTo(1));
        Assert.That(earlyError, Does.Contain("older keys can be retired 10 minutes after that"));
        Assert.That(KeyIds(fieldKeys), Is.EqualTo(new[] { 1, 2 }), "nothing was removed");

        for (var i = 0; i < 21; i++)
        {
            CliClock.NextStep();   // ten and a half minutes on
        }

        var (retired, output, error) = await CliTests.RunInAsync(fresh, "keys", "retire");
        Assert.That(retired, Is.Zero, error);
        Assert.That(output, Does.Contain("retired 1"));
        Assert.That(KeyIds(fieldKeys), Is.EqualTo(new[] { 2 }));

        // Every sealed name is under key 2, and still opens: the export decrypts every name it lists.
        await using (var services = BuildServices(fresh, Clock))
        {
            await using var c = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Payroll.Modules.Kernel.Db.IDbConnectionFactory>(services).OpenAsync();
            var names = (await c.QueryAsync<byte[]>("SELECT name FROM personnel_employee_version")).ToList();
            Assert.That(names, Is.Not.Empty);
            Assert.That(names.Select(n => FieldCipher.KeyIdOf(n)), Has.All.EqualTo(2));
        }

        var export = Path.Combine(fresh.DataDirectory, "export.xlsx");
        var (exported, _, exportError) = await CliTests.RunAsAsync(fresh, staff, "personnel", "export", "--out", export);
        Assert.That(exported, Is.Zero, exportError);

        var (again, againOutput, againError) = await CliTests.RunInAsync(fresh, "keys", "retire");
        Assert.That(again, Is.Zero, againError);
        Assert.That(againOutput, Does.Contain("Nothing to retire"));
    }

    private static int[] KeyIds(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return [.. json.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetInt32())];
    }
}
