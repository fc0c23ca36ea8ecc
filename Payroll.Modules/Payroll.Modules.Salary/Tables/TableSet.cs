using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;

namespace Payroll.Modules.Salary.Tables;

/// <summary>One loaded table version: its content and how the trace names it (<c>kind#id@effective-date</c>).</summary>
internal sealed record Versioned<T>(T Content, string Ref, bool Verified);

/// <summary>The reference tables in force on one day: for each kind, the version with the latest effective date on or before it.</summary>
internal sealed class TableSet
{
    private const string InForceSql = """
        SELECT t.id AS Id, t.kind AS Kind, t.effective_from AS EffectiveFrom, t.verified AS Verified, t.content AS Content
        FROM salary_reference_table t
        WHERE t.effective_from = (SELECT MAX(x.effective_from) FROM salary_reference_table x WHERE x.kind = t.kind AND x.effective_from <= @day)
        """;

    private readonly Dictionary<string, object> _tables;

    private TableSet(DateOnly day, Dictionary<string, object> tables)
    {
        Day = day;
        _tables = tables;
    }

    public DateOnly Day { get; }

    public Versioned<T>? Get<T>(string kind)
        where T : class => _tables.TryGetValue(kind, out var t) ? (Versioned<T>)t : null;

    /// <summary>For tests and the pure calculator: tables given directly.</summary>
    public static TableSet Of(DateOnly day, IEnumerable<(string Kind, object Content, string Ref)> tables) =>
        new(day, tables.ToDictionary(t => t.Kind, t => Wrap(t.Content, t.Ref, false), StringComparer.Ordinal));

    public static async Task<TableSet> LoadAsync(DbConnection c, DateOnly day, CancellationToken ct)
    {
        var rows = await c.QueryAsync<Row>(new CommandDefinition(InForceSql, new { day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken: ct));
        var tables = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!TableKinds.ContentTypes.TryGetValue(row.Kind, out var type))
            {
                continue;
            }

            var content = JsonSerializer.Deserialize(row.Content, type, TableKinds.Json)!;
            tables[row.Kind] = Wrap(content, Ref(row.Kind, row.Id, row.EffectiveFrom), row.Verified);
        }

        return new TableSet(day, tables);
    }

    public static string Ref(string kind, long id, string effectiveFrom) => string.Create(CultureInfo.InvariantCulture, $"{kind}#{id}@{effectiveFrom}");

    private static object Wrap(object content, string reference, bool verified) =>
        Activator.CreateInstance(typeof(Versioned<>).MakeGenericType(content.GetType()), content, reference, verified)!;

    // A class, not a positional record: Dapper converts SQLite's integer booleans only when setting properties.
    private sealed class Row
    {
        public long Id { get; init; }

        public string Kind { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public bool Verified { get; init; }

        public string Content { get; init; } = "";
    }
}
