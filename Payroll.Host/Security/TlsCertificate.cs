using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Payroll.Host.Security;

/// <summary>
/// The HTTPS certificate: the configured one (<c>Payroll:Tls:CertificatePath</c>, PKCS#12), or a self-signed one
/// generated into the data directory on first run, readable by the service account only.
/// </summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(IConfiguration configuration, string dataDirectory)
    {
        var path = configuration["Payroll:Tls:CertificatePath"];
        var password = configuration["Payroll:Tls:CertificatePassword"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Payroll:Tls:CertificatePath points to a file that does not exist: {path}");
            }

            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }

        var generated = Path.Combine(dataDirectory, "tls", "self-signed.pfx");
        if (!File.Exists(generated))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(generated)!);
            var bytes = CreateSelfSigned().Export(X509ContentType.Pkcs12);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var file = new FileStream(generated, options);
                file.Write(bytes);
            }
            catch (IOException) when (File.Exists(generated))
            {
                // Another host process created it first; use theirs.
            }
        }

        return X509CertificateLoader.LoadPkcs12FromFile(generated, null);
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Payroll (self-signed)", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
    }
}
