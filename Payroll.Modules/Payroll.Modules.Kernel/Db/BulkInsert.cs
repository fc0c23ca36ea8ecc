using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Payroll.Modules.Kernel.Db;

/// <summary>
/// Many rows into one table within the caller's transaction: binary COPY on PostgreSQL, one prepared INSERT reused
/// on SQLite. Table and column names are identifiers from the caller's constants, checked here; values are never
/// part of the SQL text.
/// </summary>
public static partial class BulkInsert
{
    private const string InsertTemplate = "INSERT INTO {0} ({1}) VALUES ({2})";
    private const string CopyTemplate = "COPY {0} ({1}) FROM STDIN (FORMAT BINARY)";

    public static async Task<long> RunAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        if (!Identifier().IsMatch(table) || columns.Count == 0 || !columns.All(Identifier().IsMatch))
        {
            throw new ArgumentException("Table and column names must be plain lower-case identifiers.");
        }

        var columnList = string.Join(", ", columns);
        return connection switch
        {
            NpgsqlConnection pg => await CopyAsync(pg, string.Format(CultureInfo.InvariantCulture, CopyTemplate, table, columnList), rows, ct),
            SqliteConnection sqlite => await InsertAsync(sqlite, (SqliteTransaction)transaction, table, columnList, columns.Count, rows, ct),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, string copy, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var value in row)
            {
                if (value is null)
                {
                    await writer.WriteNullAsync(ct);
                }
                else
                {
                    await writer.WriteAsync(value, ct);
                }
            }
        }

        return (long)await writer.CompleteAsync(ct);
    }

    private static async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string columnList, int count, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = Enumerable.Range(0, count).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, InsertTemplate, table, columnList, string.Join(", ", names));
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        command.Prepare();
        long inserted = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < count; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            inserted += await command.ExecuteNonQueryAsync(ct);
        }

        return inserted;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
