using System.Globalization;
using System.Text;
using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Support;

/// <summary>What a copy of the database's own files gives away, read as bytes (no SQL, no decoding).</summary>
internal static class RawDatabaseFiles
{
    /// <summary>
    /// Which of <paramref name="values"/> occur (UTF-8, UTF-16 or Big5) anywhere in the database's own files: on SQLite the database
    /// file, its write-ahead log and shared memory; on PostgreSQL every file of the database's directory in the cluster,
    /// after a checkpoint has written what is in memory.
    /// </summary>
    public static async Task<string[]> HoldAsync(TestDatabase database, IDbConnectionFactory factory, string[] values)
    {
        var contents = await ReadAsync(database, factory);
        return [.. values.Where(value => Forms(value).Any(needle => contents.Any(bytes => bytes.AsSpan().IndexOf(needle) >= 0)))];
    }

    /// <summary>Which of <paramref name="needles"/> (byte strings, as given) occur anywhere in the same files.</summary>
    public static async Task<byte[][]> HoldBytesAsync(TestDatabase database, IDbConnectionFactory factory, byte[][] needles)
    {
        var contents = await ReadAsync(database, factory);
        return [.. needles.Where(needle => contents.Any(bytes => bytes.AsSpan().IndexOf(needle) >= 0))];
    }

    /// <summary>
    /// Which of <paramref name="amounts"/> occur in the same files as a number: as text (UTF-8 or UTF-16, not inside a
    /// longer run of digits) in any of them, and on PostgreSQL as its 8-byte integer (little-endian, 8-aligned) and as its NUMERIC
    /// (short form: header and base-10000 digits) in the files of the application's tables, their TOAST and indexes (the
    /// system catalogs are full of small numbers followed by zero bytes: object ids, not pay). SQLite's own integers take
    /// as few as three bytes and are not searched as bytes: through SQL, <see cref="DatabaseColumns"/> answers for them.
    /// </summary>
    /// <remarks>With <paramref name="files"/> (an earlier <see cref="ReadFilesAsync"/>), those bytes are searched instead.</remarks>
    public static async Task<List<long>> HoldAmountsAsync(TestDatabase database, IDbConnectionFactory factory, IEnumerable<long> amounts, RawFiles? files = null)
    {
        files ??= await ReadFilesAsync(database, factory);
        var found = new List<long>();
        foreach (var amount in amounts)
        {
            var text = amount.ToString(CultureInfo.InvariantCulture);
            var hit = files.All.Any(bytes => HasNumberText(bytes, Encoding.UTF8.GetBytes(text), 1) || HasNumberText(bytes, Encoding.Unicode.GetBytes(text), 2));
            if (!hit && database.Provider == DatabaseProvider.Postgres)
            {
                var int8 = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(int8, amount);
                var numeric = PostgresNumeric(amount);
                hit = files.Tables.Any(bytes => HasAligned(bytes, int8) || bytes.AsSpan().IndexOf(numeric) >= 0);
            }

            if (hit)
            {
                found.Add(amount);
            }
        }

        return found;
    }

    /// <summary>Every file of the database (<see cref="All"/>), and on PostgreSQL those of the application's relations (<see cref="Tables"/>).</summary>
    internal sealed record RawFiles(List<byte[]> All, List<byte[]> Tables);

    // The application's tables, their TOAST tables and every index of either: the relations' own files (main fork).
    private const string RelationsSql = """
        SELECT pg_relation_filepath(c.oid) FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i', 'm')
        UNION ALL
        SELECT pg_relation_filepath(t.oid) FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
        WHERE c.relnamespace = current_schema()::regnamespace
        UNION ALL
        SELECT pg_relation_filepath(i.indexrelid) FROM pg_class c JOIN pg_index i ON i.indrelid = c.reltoastrelid
        WHERE c.relnamespace = current_schema()::regnamespace
        """;

    public static async Task<RawFiles> ReadFilesAsync(TestDatabase database, IDbConnectionFactory factory)
    {
        var all = await ReadAsync(database, factory);
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return new RawFiles(all, []);
        }

        await using var c = await factory.OpenAsync();
        var dataDirectory = await c.ExecuteScalarAsync<string>("SELECT current_setting('data_directory')");
        var tables = new List<byte[]>();
        foreach (var relation in (await c.QueryAsync<string?>(RelationsSql)).OfType<string>())
        {
            // A relation over 1 GB continues in path.1, path.2, ...
            var path = Path.Combine(dataDirectory!, relation);
            foreach (var segment in new[] { path }.Concat(Enumerable.Range(1, 1000).Select(n => path + "." + n.ToString(CultureInfo.InvariantCulture))).TakeWhile(File.Exists))
            {
                tables.Add(await File.ReadAllBytesAsync(segment));
            }
        }

        Assert.That(tables, Is.Not.Empty);
        return new RawFiles(all, tables);
    }

    /// <summary>
    /// A whole number as PostgreSQL keeps a NUMERIC on disk in its short form, without the length byte before it: a
    /// 16-bit header (0x8000, sign, display scale 0, weight) and the base-10000 digits, each 16 bits, little-endian.
    /// </summary>
    internal static byte[] PostgresNumeric(long amount)
    {
        var digits = new List<ushort>();
        for (var rest = Math.Abs(amount); rest > 0; rest /= 10_000)
        {
            digits.Insert(0, (ushort)(rest % 10_000));
        }

        var weight = Math.Max(0, digits.Count - 1);
        var header = (ushort)(0x8000 | (amount < 0 ? 0x2000 : 0) | (weight & 0x3F));
        var bytes = new byte[2 + (2 * digits.Count)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes, header);
        for (var i = 0; i < digits.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 + (2 * i)), digits[i]);
        }

        return bytes;
    }

    /// <summary>
    /// An int8 where PostgreSQL would keep one: at an offset that is a multiple of 8 (pages and tuples start aligned, and
    /// an int8 column is aligned to 8 within its tuple). Elsewhere the same bytes are usually two characters at the end
    /// of a text followed by its padding.
    /// </summary>
    private static bool HasAligned(byte[] haystack, byte[] needle)
    {
        for (var at = haystack.AsSpan().IndexOf(needle); at >= 0;)
        {
            if (at % 8 == 0)
            {
                return true;
            }

            var next = haystack.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    /// <summary>The digits of a number, with no digit (in the same encoding) just before or after them.</summary>
    private static bool HasNumberText(byte[] haystack, byte[] needle, int width)
    {
        var span = haystack.AsSpan();
        for (var at = 0; at <= span.Length - needle.Length;)
        {
            var i = span[at..].IndexOf(needle);
            if (i < 0)
            {
                return false;
            }

            var start = at + i;
            var end = start + needle.Length;
            var before = start >= width && IsDigit(span[start - width]) && (width == 1 || span[start - 1] == 0);
            var after = end + width <= span.Length && IsDigit(span[end]) && (width == 1 || span[end + 1] == 0);
            if (!before && !after)
            {
                return true;
            }

            at = start + 1;
        }

        return false;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static async Task<List<byte[]>> ReadAsync(TestDatabase database, IDbConnectionFactory factory)
    {
        List<string> files;
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var c = await factory.OpenAsync();
            await c.ExecuteAsync(new CommandDefinition("CHECKPOINT", commandType: System.Data.CommandType.Text));
            var dataDirectory = await c.ExecuteScalarAsync<string>("SELECT current_setting('data_directory')");
            var databaseOid = await c.ExecuteScalarAsync<long>("SELECT oid FROM pg_database WHERE datname = current_database()");
            files = [.. Directory.GetFiles(Path.Combine(dataDirectory!, "base", databaseOid.ToString(CultureInfo.InvariantCulture)))];
        }
        else
        {
            files = [.. Directory.GetFiles(database.DataDirectory, "payroll.db*")];
        }

        Assert.That(files, Is.Not.Empty);
        var contents = new List<byte[]>();
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes);
            contents.Add(bytes);
        }

        return contents;
    }

    /// <summary>A value as the bytes it would be written as: UTF-8, UTF-16 (either order), and Big5 where it has a form there.</summary>
    private static IEnumerable<byte[]> Forms(string value)
    {
        yield return Encoding.UTF8.GetBytes(value);
        yield return Encoding.Unicode.GetBytes(value);
        yield return Encoding.BigEndianUnicode.GetBytes(value);
        byte[]? big5;
        try
        {
            big5 = Big5.GetBytes(value);
        }
        catch (EncoderFallbackException)
        {
            big5 = null;
        }

        if (big5 is not null)
        {
            yield return big5;
        }
    }

    private static readonly Encoding Big5 = BigFive();

    private static Encoding BigFive()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(950, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
