using System.Globalization;
using System.Text;
using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Support;

/// <summary>What a copy of the database's own files gives away, read as bytes (no SQL, no decoding).</summary>
internal static class RawDatabaseFiles
{
    /// <summary>
    /// Which of <paramref name="values"/> occur (UTF-8) anywhere in the database's own files: on SQLite the database
    /// file, its write-ahead log and shared memory; on PostgreSQL every file of the database's directory in the cluster,
    /// after a checkpoint has written what is in memory.
    /// </summary>
    public static async Task<string[]> HoldAsync(TestDatabase database, IDbConnectionFactory factory, string[] values)
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
        var found = new List<string>();
        foreach (var value in values)
        {
            var needle = Encoding.UTF8.GetBytes(value);
            foreach (var file in files)
            {
                byte[] bytes;
                await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    bytes = new byte[stream.Length];
                    await stream.ReadExactlyAsync(bytes);
                }

                if (bytes.AsSpan().IndexOf(needle) >= 0)
                {
                    found.Add(value);
                    break;
                }
            }
        }

        return [.. found];
    }
}
