using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Logging.Abstractions;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Storage;

namespace Payroll.Host.Security;

/// <summary>
/// The data-protection key ring (cookies, anti-forgery tokens, TOTP secrets) at rest: each key's secret encrypted with
/// AES-256-GCM under a key derived from the field-key file (<see cref="FieldKeyRing.DerivedKey"/>), in files readable by
/// the service account only. A copy of the key ring without the field-key file opens nothing.
/// </summary>
internal static class KeyRingProtection
{
    public const string Purpose = "data-protection-key-ring";

    public static void Configure(KeyManagementOptions options, string directory, FieldKeyRing fieldKeys)
    {
        options.XmlRepository = new PrivateFileXmlRepository(new DirectoryInfo(directory));
        options.XmlEncryptor = new KeyRingXmlEncryptor(fieldKeys);
    }

    internal static byte[] Seal(FieldKeyRing fieldKeys, byte[] plaintext)
    {
        var sealedValue = new byte[12 + 16 + plaintext.Length];
        var nonce = sealedValue.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(fieldKeys.DerivedKey(Purpose), 16);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), "payroll:key-ring"u8);
        return sealedValue;
    }

    internal static byte[] Open(FieldKeyRing fieldKeys, byte[] sealedValue)
    {
        if (sealedValue.Length < 28)
        {
            throw new CryptographicException("Not a sealed key-ring element.");
        }

        var plaintext = new byte[sealedValue.Length - 28];
        using var aes = new AesGcm(fieldKeys.DerivedKey(Purpose), 16);
        aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plaintext, "payroll:key-ring"u8);
        return plaintext;
    }
}

/// <summary>Seals a key's secret element; the key file names <see cref="KeyRingXmlDecryptor"/> to open it.</summary>
internal sealed class KeyRingXmlEncryptor(FieldKeyRing fieldKeys) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedValue = KeyRingProtection.Seal(fieldKeys, Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(new XElement("sealedSecret", new XAttribute("v", 1), Convert.ToBase64String(sealedValue)), typeof(KeyRingXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="KeyRingXmlEncryptor"/> sealed; made by the key manager with the host's services.</summary>
internal sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(Encoding.UTF8.GetString(KeyRingProtection.Open(services.GetRequiredService<FieldKeyRing>(), Convert.FromBase64String(encryptedElement.Value))));
}

/// <summary>The key ring's folder, each key file made owner-only as soon as it is written.</summary>
internal sealed class PrivateFileXmlRepository(DirectoryInfo directory) : IXmlRepository
{
    private readonly FileSystemXmlRepository _files = new(directory, NullLoggerFactory.Instance);

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);
        foreach (var file in directory.EnumerateFiles("*.xml"))
        {
            KeyDirectory.MakePrivate(file.FullName);
        }
    }
}
