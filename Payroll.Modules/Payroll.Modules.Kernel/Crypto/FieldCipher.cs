using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>
/// AES-256-GCM for personal identifiers and documents at rest. Stored form:
/// <c>version (1) | keyId (4, big-endian) | nonce (12) | tag (16) | ciphertext</c>. The associated data is
/// <c>table|column|rowId</c>, so a value copied into another row or column does not decrypt.
/// </summary>
public sealed class FieldCipher(FieldKeyRing keys)
{
    public const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    public const int HeaderSize = 1 + 4 + NonceSize + TagSize;

    public int ActiveKeyId => keys.ActiveKeyId;

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string table, string column, string rowId)
    {
        var keyId = keys.ActiveKeyId;
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(1, 4), keyId);
        var nonce = output.AsSpan(5, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Key(keyId), TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(5 + NonceSize, TagSize), AssociatedData(table, column, rowId));
        return output;
    }

    public byte[] EncryptString(string value, string table, string column, string rowId) =>
        Encrypt(Encoding.UTF8.GetBytes(value), table, column, rowId);

    /// <summary>Throws <see cref="CryptographicException"/> for a wrong row, column or key, or a changed byte.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> stored, string table, string column, string rowId)
    {
        if (stored.Length < HeaderSize || stored[0] != Version)
        {
            throw new CryptographicException("Not a protected value of a known version.");
        }

        var keyId = KeyIdOf(stored);
        var plaintext = new byte[stored.Length - HeaderSize];
        using var aes = new AesGcm(keys.Key(keyId), TagSize);
        aes.Decrypt(stored.Slice(5, NonceSize), stored[HeaderSize..], stored.Slice(5 + NonceSize, TagSize), plaintext, AssociatedData(table, column, rowId));
        return plaintext;
    }

    public string DecryptString(ReadOnlySpan<byte> stored, string table, string column, string rowId) =>
        Encoding.UTF8.GetString(Decrypt(stored, table, column, rowId));

    /// <summary>Re-encrypts under the active key (rotation); a value already under it is returned unchanged.</summary>
    public byte[] Reencrypt(byte[] stored, string table, string column, string rowId) =>
        KeyIdOf(stored) == keys.ActiveKeyId ? stored : Encrypt(Decrypt(stored, table, column, rowId), table, column, rowId);

    public static int KeyIdOf(ReadOnlySpan<byte> stored) =>
        stored.Length >= 5 ? BinaryPrimitives.ReadInt32BigEndian(stored.Slice(1, 4)) : throw new CryptographicException("Too short to be a protected value.");

    /// <summary>Bytes 2-5 of a stored value: lets SQL find rows still under an old key (<c>substr(col, 2, 4) &lt;&gt; @active</c>).</summary>
    public static byte[] KeyIdBytes(int keyId)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, keyId);
        return bytes;
    }

    private static byte[] AssociatedData(string table, string column, string rowId) => Encoding.UTF8.GetBytes($"{table}|{column}|{rowId}");
}
