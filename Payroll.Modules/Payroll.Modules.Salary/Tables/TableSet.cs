using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;

namespace Payroll.Modules.Salary.Tables;

/// <summary>One loaded table version: its content, its id and how the trace names it (<c>kind#id@effective-date</c>).</summary>
internal sealed record Versioned<T>(long Id, T Content, string Ref, bool Verified);

/// <summary>The reference tables in force on one day: for each kind, the version with the latest effective date on or before it.</summary>
internal sealed class TableSet
{
    private const string InForceSql = """
        SELECT t.id AS Id, t.kind AS Kind, t.effective_from AS EffectiveFrom, t.verified AS Verified, t.sha256 AS Sha256, t.content AS Content
        FROM salary_reference_table t
        WHERE t.effective_from = (SELECT MAX(x.effective_from) FROM salary_reference_table x WHERE x.kind = t.kind AND x.effective_from <= @day)
        """;

    private static readonly ConcurrentDictionary<(string Kind, string Sha256), object> Contents = new();

    private readonly Dictionary<string, object> _tables;
    private readonly ConcurrentDictionary<long, byte> _read = new();

    private TableSet(DateOnly day, Dictionary<string, object> tables)
    {
        Day = day;
        _tables = tables;
    }

    public DateOnly Day { get; }

    /// <summary>The version of <paramref name="kind"/> in force, remembered as read (see <see cref="Read"/>).</summary>
    public Versioned<T>? Get<T>(string kind)
        where T : class
    {
        if (!_tables.TryGetValue(kind, out var t))
        {
            return null;
        }

        var table = (Versioned<T>)t;
        _read.TryAdd(table.Id, 0);
        return table;
    }

    /// <summary>The ids of the versions a calculation has read so far: what a run records as the tables it used.</summary>
    public IReadOnlyCollection<long> Read => [.. _read.Keys];

    /// <summary>For tests and the pure calculator: tables given directly.</summary>
    public static TableSet Of(DateOnly day, IEnumerable<(string Kind, object Content, string Ref)> tables) =>
        new(day, tables.Select((t, i) => (t, i)).ToDictionary(x => x.t.Kind, x => Wrap(-(x.i + 1), x.t.Content, x.t.Ref, false), StringComparer.Ordinal));

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

            // A version's content never changes once loaded: read each one once per process, by its hash.
            var content = Contents.GetOrAdd((row.Kind, row.Sha256), static (_, r) => JsonSerializer.Deserialize(r.Content, r.Type, TableKinds.Json)!, (row.Content, Type: type));
            tables[row.Kind] = Wrap(row.Id, content, Ref(row.Kind, row.Id, row.EffectiveFrom), row.Verified);
        }

        return new TableSet(day, tables);
    }

    public static string Ref(string kind, long id, string effectiveFrom) => string.Create(CultureInfo.InvariantCulture, $"{kind}#{id}@{effectiveFrom}");

    private static object Wrap(long id, object content, string reference, bool verified) =>
        Activator.CreateInstance(typeof(Versioned<>).MakeGenericType(content.GetType()), id, content, reference, verified)!;

    // A class, not a positional record: Dapper converts SQLite's integer booleans only when setting properties.
    private sealed class Row
    {
        public long Id { get; init; }

        public string Kind { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public bool Verified { get; init; }

        public string Sha256 { get; init; } = "";

        public string Content { get; init; } = "";
    }
}
