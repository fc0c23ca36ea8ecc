using System.Security.Cryptography;
using System.Text.Json;
using Payroll.Modules.Kernel.Storage;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>
/// The key directory in one file for a backup apart from the data (<c>payroll keys export</c>): the field keys, the
/// data-protection key ring and the checkpoint file, sealed with AES-256-GCM under a key derived from a passphrase
/// (PBKDF2-HMAC-SHA256, 600,000 iterations, a random salt: OWASP's figure for that function). <c>payroll keys import</c>
/// puts them back where the settings say, never over keys that are there.
/// </summary>
public static class KeyExport
{
    public const int Format = 1;
    public const int Iterations = 600_000;
    public const int MinimumPassphraseLength = 16;
    private const string FieldKeys = "field-keys.json";
    private const string KeyRing = "data-protection/";
    private const string Checkpoints = "audit-checkpoints.log";
    private static readonly byte[] Context = "payroll:key-export:1"u8.ToArray();

    /// <summary>The files of the key paths in force, named as the export names them.</summary>
    public static IReadOnlyList<KeyExportFile> Collect(KeyPaths paths)
    {
        var files = new List<KeyExportFile>();
        if (!File.Exists(paths.FieldKeyFile))
        {
            throw new InvalidInputException([new InputError(null, "keys", $"{paths.FieldKeyFile} does not exist: there is no field-key file to export")]);
        }

        files.Add(new KeyExportFile(FieldKeys, File.ReadAllBytes(paths.FieldKeyFile)));
        if (Directory.Exists(paths.KeyRing))
        {
            files.AddRange(Directory.GetFiles(paths.KeyRing, "*.xml").Order(StringComparer.Ordinal)
                .Select(f => new KeyExportFile(KeyRing + Path.GetFileName(f), File.ReadAllBytes(f))));
        }

        if (File.Exists(paths.CheckpointFile))
        {
            files.Add(new KeyExportFile(Checkpoints, File.ReadAllBytes(paths.CheckpointFile)));
        }

        return files;
    }

    public static byte[] Seal(IReadOnlyList<KeyExportFile> files, string passphrase)
    {
        RequirePassphrase(passphrase);
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(files);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(DeriveKey(passphrase, salt, Iterations), 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, Context);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return JsonSerializer.SerializeToUtf8Bytes(new Envelope(Format, "pbkdf2-sha256", Iterations, salt, nonce, tag, ciphertext));
    }

    /// <summary>The files of an export; refused, naming the field, for a wrong passphrase or a changed file.</summary>
    public static IReadOnlyList<KeyExportFile> Open(byte[] sealedExport, string passphrase)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(sealedExport);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is not { Format: Format, Kdf: "pbkdf2-sha256", Iterations: >= 100_000 and <= 10_000_000 } || envelope.Salt.Length != 16 || envelope.Nonce.Length != 12 || envelope.Tag.Length != 16)
        {
            throw new InvalidInputException([new InputError(null, "from", "not a key export of this version")]);
        }

        var plaintext = new byte[envelope.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(DeriveKey(passphrase, envelope.Salt, envelope.Iterations), 16);
            aes.Decrypt(envelope.Nonce, envelope.Ciphertext, envelope.Tag, plaintext, Context);
        }
        catch (CryptographicException)
        {
            throw new InvalidInputException([new InputError(null, "passphrase", "the passphrase does not open this export, or the file was changed")]);
        }

        var files = JsonSerializer.Deserialize<List<KeyExportFile>>(plaintext) ?? [];
        CryptographicOperations.ZeroMemory(plaintext);
        return files;
    }

    /// <summary>
    /// Writes the files of an export to the key paths in force, owner-only; refuses (writing nothing) when any of them
    /// exists already: an import never replaces keys.
    /// </summary>
    public static IReadOnlyList<string> Install(IReadOnlyList<KeyExportFile> files, KeyPaths paths)
    {
        var targets = files.Select(f => (File: f, Path: Target(f.Name, paths))).ToList();
        var existing = targets.Where(t => File.Exists(t.Path)).Select(t => new InputError(null, "keys", $"{t.Path} exists: an import never replaces keys")).ToList();
        if (existing.Count > 0)
        {
            throw new InvalidInputException(existing);
        }

        foreach (var (file, path) in targets)
        {
            DataDirectory.CreatePrivate(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            stream.Write(file.Content);
        }

        return [.. targets.Select(t => t.Path)];
    }

    private static string Target(string name, KeyPaths paths) => name switch
    {
        FieldKeys => paths.FieldKeyFile,
        Checkpoints => paths.CheckpointFile,
        _ when name.StartsWith(KeyRing, StringComparison.Ordinal) && Path.GetFileName(name) == name[KeyRing.Length..] && name.EndsWith(".xml", StringComparison.Ordinal)
            => Path.Combine(paths.KeyRing, name[KeyRing.Length..]),
        _ => throw new InvalidInputException([new InputError(null, "from", $"the export names a file {name} that is not a key")]),
    };

    private static void RequirePassphrase(string passphrase)
    {
        if (passphrase.Length < MinimumPassphraseLength)
        {
            throw new InvalidInputException([new InputError(null, "passphrase", $"at least {MinimumPassphraseLength} characters: it alone protects every key")]);
        }
    }

    private static byte[] DeriveKey(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);

    private sealed record Envelope(int Format, string Kdf, int Iterations, byte[] Salt, byte[] Nonce, byte[] Tag, byte[] Ciphertext);
}

/// <summary>One file of a key export: its name in the export (<c>field-keys.json</c>, <c>data-protection/key-….xml</c>) and bytes.</summary>
public sealed record KeyExportFile(string Name, byte[] Content);
