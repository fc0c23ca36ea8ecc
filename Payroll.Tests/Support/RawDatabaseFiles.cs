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
