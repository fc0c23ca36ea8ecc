using System.Data.Common;
using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Support;

/// <summary>What a copy of the database answers through SQL: every column of every table, searched for given values.</summary>
internal static class DatabaseColumns
{
    private const string SqliteColumnsSql = """
        SELECT m.name AS TableName, c.name AS ColumnName FROM sqlite_master m JOIN pragma_table_info(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        """;

    private const string PostgresColumnsSql = """
        SELECT table_name AS TableName, column_name AS ColumnName FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type <> 'bytea'
        """;

    /// <summary>"table.column" of every column holding one of <paramref name="values"/> whole (as a number, or as the text of one).</summary>
    public static async Task<List<string>> HoldingAsync(DbConnection c, DatabaseProvider provider, IReadOnlyCollection<long> values)
    {
        var columns = await c.QueryAsync<(string TableName, string ColumnName)>(provider == DatabaseProvider.Postgres ? PostgresColumnsSql : SqliteColumnsSql);
        var texts = values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            // Identifiers from the catalog, quoted; the values are bound.
            var sql = SqlDialect.WithCodeSet("SELECT COUNT(*) FROM \"" + table + "\" WHERE CAST(\"" + column + "\" AS TEXT) IN " + SqlDialect.CodeSetMarker, provider);
            if (await c.ExecuteScalarAsync<long>(sql, new { codes = SqlDialect.CodeSetValue(provider, texts) }) > 0)
            {
                found.Add(table + "." + column);
            }
        }

        return found;
    }
}
