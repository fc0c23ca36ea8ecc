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
    /// <summary>How long a key must have been active before the ones before it may be retired: every host has seen it.</summary>
    public static readonly TimeSpan RetireAfter = TimeSpan.FromMinutes(10);

    /// <summary>How often the file is looked at for a rotation or retirement made by another process.</summary>
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private KeyFile _file;
    private DateTime _fileWrittenAt;
    private long _checkedAtTicks;

    private FieldKeyRing(string path, KeyFile file)
    {
        Path = path;
        _file = file;
        _fileWrittenAt = File.GetLastWriteTimeUtc(path);
        _checkedAtTicks = DateTime.UtcNow.Ticks;
    }

    public string Path { get; }

    /// <summary>
    /// The key new values are encrypted under. Another process may rotate (<c>payroll keys rotate</c> on any host), so
    /// the file is looked at again at most every second: within a second of a rotation every host encrypts under the
    /// new key, and a re-encryption job on any worker knows it.
    /// </summary>
    public int ActiveKeyId => Current().Active;

    public IReadOnlyList<int> KeyIds => Current().Keys.Select(k => k.Id).ToList();

    internal byte[] BlindIndexKey => Convert.FromBase64String(_file.BlindIndexKey);

    /// <summary>
    /// Names the file without revealing it: derived from the blind-index key, which never rotates, so the same file keeps
    /// the same fingerprint through key rotations and another file never has it.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(HMACSHA256.HashData(BlindIndexKey, "payroll:field-key-file"u8))[..16];

    /// <summary>
    /// A 256-bit key for another purpose (the data-protection key ring's encryption), derived with HKDF-SHA256 from the
    /// never-rotating index key and the purpose's name: nothing else to keep, and no other purpose ever gets the same key.
    /// </summary>
    public byte[] DerivedKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, BlindIndexKey, 32, info: System.Text.Encoding.UTF8.GetBytes("payroll:" + purpose));

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
        // A key this process has not seen yet was added by another one: read the file again before giving up.
        var key = Current().Keys.FirstOrDefault(k => k.Id == id)
            ?? Reload().Keys.FirstOrDefault(k => k.Id == id)
            ?? throw new CryptographicException($"Field key {id} is not in the key file.");
        return Convert.FromBase64String(key.Key);
    }

    /// <summary>Adds a key and makes it active. Old keys stay, so existing values still decrypt until re-encrypted.</summary>
    public int Rotate(DateTimeOffset? now = null)
    {
        lock (_gate)
        {
            var current = Read(Path);
            var id = current.Keys.Max(k => k.Id) + 1;
            var next = current with
            {
                Active = id,
                Keys = [.. current.Keys, new StoredKey { Id = id, CreatedAt = now ?? DateTimeOffset.UtcNow, Key = NewKey() }],
            };
            Replace(next);
            return id;
        }
    }

    /// <summary>
    /// Removes every key but the active one from the file, once nothing is encrypted under them any more (the caller has
    /// just re-encrypted every protected value) and the active key has been in force for <see cref="RetireAfter"/>, so no
    /// host still encrypts under an older one. Returns the ids retired (none: nothing to do).
    /// </summary>
    public IReadOnlyList<int> Retire(DateTimeOffset now)
    {
        lock (_gate)
        {
            var current = Read(Path);
            var active = current.Keys.Single(k => k.Id == current.Active);
            var retired = current.Keys.Where(k => k.Id != current.Active).Select(k => k.Id).ToList();
            if (retired.Count == 0)
            {
                return retired;
            }

            if (now - active.CreatedAt < RetireAfter)
            {
                throw new InvalidOperationException(
                    $"Field key {active.Id} became active at {active.CreatedAt:u}; older keys can be retired {RetireAfter.TotalMinutes:0} minutes after that, when every host encrypts under it.");
            }

            Replace(current with { Keys = [active] });
            return retired;
        }
    }

    /// <summary>Re-reads the file now (another process may have rotated or retired).</summary>
    private KeyFile Reload()
    {
        lock (_gate)
        {
            _fileWrittenAt = File.GetLastWriteTimeUtc(Path);
            _file = Read(Path);
            return _file;
        }
    }

    private KeyFile Current()
    {
        var now = DateTime.UtcNow.Ticks;
        var checkedAt = Interlocked.Read(ref _checkedAtTicks);
        if (now - checkedAt > CheckEvery.Ticks && Interlocked.CompareExchange(ref _checkedAtTicks, now, checkedAt) == checkedAt
            && File.GetLastWriteTimeUtc(Path) != _fileWrittenAt)
        {
            Reload();
        }

        return _file;
    }

    private void Replace(KeyFile next)
    {
        var temp = Path + ".tmp";
        File.Delete(temp);
        Write(temp, next);
        File.Move(temp, Path, overwrite: true);
        _file = next;
        _fileWrittenAt = File.GetLastWriteTimeUtc(Path);
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
