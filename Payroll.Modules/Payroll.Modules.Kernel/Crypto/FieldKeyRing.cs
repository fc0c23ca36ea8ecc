using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>
/// The field-encryption keys: a JSON file outside the database (<c>Payroll:Keys:FieldKeyFile</c>), created on first
/// use with mode 0600. Several versions, one active; the blind-index key is separate and never rotates (rotating it
/// would break every lookup). SECURITY.md rule 4: a copy of the database alone reveals nothing.
/// </summary>
public sealed class FieldKeyRing
{
    private readonly object _gate = new();
    private KeyFile _file;

    private FieldKeyRing(string path, KeyFile file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    public int ActiveKeyId => _file.Active;

    public IReadOnlyList<int> KeyIds => _file.Keys.Select(k => k.Id).ToList();

    internal byte[] BlindIndexKey => Convert.FromBase64String(_file.BlindIndexKey);

    /// <summary>
    /// Names the file without revealing it: derived from the blind-index key, which never rotates, so the same file keeps
    /// the same fingerprint through key rotations and another file never has it.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(HMACSHA256.HashData(BlindIndexKey, "payroll:field-key-file"u8))[..16];

    public static FieldKeyRing LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var created = new KeyFile
            {
                Active = 1,
                Keys = [new StoredKey { Id = 1, CreatedAt = DateTimeOffset.UtcNow, Key = NewKey() }],
                BlindIndexKey = NewKey(),
            };
            TryCreate(path, created);
        }

        return new FieldKeyRing(path, Read(path));
    }

    internal byte[] Key(int id)
    {
        var key = _file.Keys.FirstOrDefault(k => k.Id == id)
            ?? throw new CryptographicException($"Field key {id} is not in the key file.");
        return Convert.FromBase64String(key.Key);
    }

    /// <summary>Adds a key and makes it active. Old keys stay, so existing values still decrypt until re-encrypted.</summary>
    public int Rotate()
    {
        lock (_gate)
        {
            var current = Read(Path);
            var id = current.Keys.Max(k => k.Id) + 1;
            var next = current with
            {
                Active = id,
                Keys = [.. current.Keys, new StoredKey { Id = id, CreatedAt = DateTimeOffset.UtcNow, Key = NewKey() }],
            };
            var temp = Path + ".tmp";
            File.Delete(temp);
            Write(temp, next);
            File.Move(temp, Path, overwrite: true);
            _file = next;
            return id;
        }
    }

    /// <summary>Re-reads the file (another process may have rotated).</summary>
    public void Reload()
    {
        lock (_gate)
        {
            _file = Read(Path);
        }
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static KeyFile Read(string path) =>
        JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path)) is { Keys.Count: > 0 } file && file.Keys.Any(k => k.Id == file.Active)
            ? file
            : throw new InvalidOperationException($"The field key file {path} is unreadable or names no active key.");

    private static void TryCreate(string path, KeyFile file)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            Write(path, file);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
        }
    }

    private static void Write(string path, KeyFile file)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, file, new JsonSerializerOptions { WriteIndented = true });
    }

    private sealed record KeyFile
    {
        [JsonPropertyName("active")]
        public int Active { get; init; }

        [JsonPropertyName("keys")]
        public List<StoredKey> Keys { get; init; } = [];

        [JsonPropertyName("blindIndexKey")]
        public string BlindIndexKey { get; init; } = "";
    }

    private sealed record StoredKey
    {
        [JsonPropertyName("id")]
        public int Id { get; init; }

        [JsonPropertyName("createdAt")]
        public DateTimeOffset CreatedAt { get; init; }

        [JsonPropertyName("key")]
        public string Key { get; init; } = "";
    }
}
