using System.Security.Cryptography;
using System.Text;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Tests.Kernel;

/// <summary>SECURITY.md rule 4: identifiers encrypted at rest with AES-GCM, versioned keys outside the database.</summary>
public sealed class FieldCipherTests
{
    private string _dir = null!;
    private FieldKeyRing _keys = null!;
    private FieldCipher _cipher = null!;

    [SetUp]
    public void CreateKeys()
    {
        _dir = Path.Combine(Path.GetTempPath(), "payroll-keys-" + Guid.NewGuid().ToString("N"));
        _keys = FieldKeyRing.LoadOrCreate(Path.Combine(_dir, "field-keys.json"));
        _cipher = new FieldCipher(_keys);
    }

    [TearDown]
    public void DeleteKeys() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void RoundTrip_ReturnsThePlaintext_AndTheStoredFormHasTheDocumentedLayout()
    {
        var stored = _cipher.EncryptString("A123456789", "personnel_employee", "national_id", "42");
        Assert.That(_cipher.DecryptString(stored, "personnel_employee", "national_id", "42"), Is.EqualTo("A123456789"));
        Assert.That(stored[0], Is.EqualTo(FieldCipher.Version));
        Assert.That(FieldCipher.KeyIdOf(stored), Is.EqualTo(1));
        Assert.That(stored, Has.Length.EqualTo(FieldCipher.HeaderSize + 10));
        Assert.That(Encoding.UTF8.GetString(stored), Does.Not.Contain("A123456789"));
    }

    [Test]
    public void SameValueTwice_GivesDifferentCiphertexts()
    {
        var first = _cipher.EncryptString("A123456789", "t", "c", "1");
        var second = _cipher.EncryptString("A123456789", "t", "c", "1");
        Assert.That(first, Is.Not.EqualTo(second), "a random nonce each time: equal values do not look equal");
    }

    [TestCase("personnel_employee", "national_id", "43", Description = "copied to another row")]
    [TestCase("personnel_employee", "bank_account", "42", Description = "copied to another column")]
    [TestCase("salary_payslip", "national_id", "42", Description = "copied to another table")]
    public void ValueMovedElsewhere_DoesNotDecrypt(string table, string column, string row)
    {
        var stored = _cipher.EncryptString("A123456789", "personnel_employee", "national_id", "42");
        Assert.That(() => _cipher.Decrypt(stored, table, column, row), Throws.InstanceOf<CryptographicException>());
    }

    [TestCase(0, Description = "version byte")]
    [TestCase(10, Description = "nonce")]
    [TestCase(25, Description = "tag")]
    [TestCase(FieldCipher.HeaderSize, Description = "ciphertext")]
    public void AnyChangedByte_FailsToDecrypt(int index)
    {
        var stored = _cipher.EncryptString("A123456789", "t", "c", "1");
        stored[index] ^= 0x01;
        Assert.That(() => _cipher.Decrypt(stored, "t", "c", "1"), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void UnknownKeyId_FailsToDecrypt()
    {
        var stored = _cipher.EncryptString("A123456789", "t", "c", "1");
        FieldCipher.KeyIdBytes(99).CopyTo(stored, 1);
        Assert.That(() => _cipher.Decrypt(stored, "t", "c", "1"), Throws.InstanceOf<CryptographicException>().With.Message.Contains("99"));
    }

    [Test]
    public void Rotation_NewValuesUseTheNewKey_OldValuesStillDecrypt_AndReencryptMovesThem()
    {
        var old = _cipher.EncryptString("A123456789", "t", "c", "1");
        var newId = _keys.Rotate();
        Assert.That(newId, Is.EqualTo(2));
        var fresh = _cipher.EncryptString("B123456789", "t", "c", "2");
        Assert.That(FieldCipher.KeyIdOf(fresh), Is.EqualTo(2));
        Assert.That(_cipher.DecryptString(old, "t", "c", "1"), Is.EqualTo("A123456789"));

        var moved = _cipher.Reencrypt(old, "t", "c", "1");
        Assert.That(FieldCipher.KeyIdOf(moved), Is.EqualTo(2));
        Assert.That(_cipher.DecryptString(moved, "t", "c", "1"), Is.EqualTo("A123456789"));
        Assert.That(_cipher.Reencrypt(moved, "t", "c", "1"), Is.SameAs(moved), "already under the active key: untouched");

        // Another process loading the file sees both keys and the new active one.
        var reloaded = FieldKeyRing.LoadOrCreate(_keys.Path);
        Assert.That(reloaded.ActiveKeyId, Is.EqualTo(2));
        Assert.That(reloaded.KeyIds, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void KeyFile_IsReadableByItsOwnerOnly()
    {
        Assert.That(File.GetUnixFileMode(_keys.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        _keys.Rotate();
        Assert.That(File.GetUnixFileMode(_keys.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "still after rotation");
    }

    [Test]
    public void BlindIndex_MatchesNormalisedEqualValues_AndDependsOnPurposeAndKey()
    {
        var index = new BlindIndex(_keys);
        Assert.That(index.Compute("national_id", " a123456789 "), Is.EqualTo(index.Compute("national_id", "A123456789")));
        Assert.That(index.Compute("national_id", "Ａ１２３４５６７８９"), Is.EqualTo(index.Compute("national_id", "A123456789")), "full-width digits");
        Assert.That(index.Compute("national_id", "A123456789"), Is.Not.EqualTo(index.Compute("bank_account", "A123456789")));
        Assert.That(index.Compute("national_id", "A123456789"), Is.Not.EqualTo(index.Compute("national_id", "A123456780")));

        using var other = new OtherKeys();
        Assert.That(new BlindIndex(other.Keys).Compute("national_id", "A123456789"), Is.Not.EqualTo(index.Compute("national_id", "A123456789")));
        Assert.That(index.Compute("national_id", "A123456789"), Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void BlindIndexKey_DoesNotRotate()
    {
        var index = new BlindIndex(_keys);
        var before = index.Compute("national_id", "A123456789");
        _keys.Rotate();
        Assert.That(new BlindIndex(FieldKeyRing.LoadOrCreate(_keys.Path)).Compute("national_id", "A123456789"), Is.EqualTo(before));
    }

    private sealed class OtherKeys : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "payroll-keys-" + Guid.NewGuid().ToString("N"));

        public OtherKeys() => Keys = FieldKeyRing.LoadOrCreate(Path.Combine(_dir, "k.json"));

        public FieldKeyRing Keys { get; }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>SECURITY.md rule 4: lists and exports mask by default.</summary>
public sealed class MaskingTests
{
    [TestCase("A123456789", "A12****789")]
    [TestCase("AB12345678", "AB1****678")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void NationalId(string? input, string expected) => Assert.That(Masking.NationalId(input), Is.EqualTo(expected));

    [TestCase("00123456789", "****6789")]
    [TestCase("123", "***")]
    public void Account(string input, string expected) => Assert.That(Masking.Account(input), Is.EqualTo(expected));

    [TestCase("王小明", "王*明")]
    [TestCase("李四", "李*")]
    [TestCase("歐陽小明", "歐**明")]
    [TestCase("林", "*")]
    [TestCase("Chen Mei", "C*** M**")]
    public void Name(string input, string expected) => Assert.That(Masking.Name(input), Is.EqualTo(expected));

    [Test]
    public void PhoneEmailAddress()
    {
        Assert.That(Masking.Phone("0912345678"), Is.EqualTo("*******678"));
        Assert.That(Masking.Email("mei.chen@gov.taipei"), Is.EqualTo("m***@gov.taipei"));
        Assert.That(Masking.Address("臺北市信義區市府路1號"), Is.EqualTo("臺北市信義區****"));
    }
}
