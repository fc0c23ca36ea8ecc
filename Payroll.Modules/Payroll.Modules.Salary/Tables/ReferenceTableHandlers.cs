using System.Data.Common;
using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Tables;

internal static class ReferenceTableStore
{
    private const string InsertSql = """
        INSERT INTO salary_reference_table (kind, effective_from, source, verified, content, sha256, loaded_at, loaded_by)
        VALUES (@Kind, @EffectiveFrom, @Source, @Verified, @Content, @Sha256, @LoadedAt, @LoadedBy)
        ON CONFLICT (kind, effective_from) DO NOTHING
        RETURNING id
        """;

    public const string SelectSql = $"""
        SELECT id AS {nameof(Row.Id)}, kind AS {nameof(Row.Kind)}, effective_from AS {nameof(Row.EffectiveFrom)}, source AS {nameof(Row.Source)},
               verified AS {nameof(Row.Verified)}, sha256 AS {nameof(Row.Sha256)}, loaded_at AS {nameof(Row.LoadedAt)}, loaded_by AS {nameof(Row.LoadedBy)}
        FROM salary_reference_table
        """;

    /// <summary>The new version's id, or null when the kind already has a version with that effective date.</summary>
    public static Task<long?> InsertAsync(DbConnection c, DbTransaction? tx, ReferenceTableFile file, string actor, DateTimeOffset now, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(InsertSql, new
        {
            file.Kind,
            EffectiveFrom = file.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            file.Source,
            file.Verified,
            Content = file.ContentJson,
            file.Sha256,
            LoadedAt = now.ToUnixTimeMilliseconds(),
            LoadedBy = actor,
        }, tx, cancellationToken: ct));

    // A class, not a positional record: Dapper converts SQLite's integer booleans only when setting properties.
    public sealed class Row
    {
        public long Id { get; init; }

        public string Kind { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public string Source { get; init; } = "";

        public bool Verified { get; init; }

        public string Sha256 { get; init; } = "";

        public long LoadedAt { get; init; }

        public string LoadedBy { get; init; } = "";

        public ReferenceTableInfo ToInfo() => new(
            Id, Kind, DateOnly.ParseExact(EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture), Source, Verified, Sha256,
            DateTimeOffset.FromUnixTimeMilliseconds(LoadedAt), LoadedBy);
    }
}

/// <summary>The reference tables shipped in <c>Tables/Shipped</c> (embedded), parsed and checked.</summary>
internal static class ShippedTables
{
    public static IReadOnlyList<ReferenceTableFile> ReadAll()
    {
        var assembly = typeof(ShippedTables).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Tables.Shipped.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return ReferenceTableFile.Parse(reader.ReadToEnd());
            })
            .ToList();
    }
}

/// <summary>The shipped tables, each loaded once (a version with the same kind and date is left alone).</summary>
internal sealed class LoadShippedReferenceTablesHandler(IDbConnectionFactory db, IClock clock) : IRequestHandler<LoadShippedReferenceTables, int>
{
    public async ValueTask<int> Handle(LoadShippedReferenceTables request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var file in ShippedTables.ReadAll())
        {
            if (await ReferenceTableStore.InsertAsync(c, tx, file, request.Actor.Name, clock.UtcNow, cancellationToken) is not null)
            {
                added++;
            }
        }

        await tx.CommitAsync(cancellationToken);
        return added;
    }
}

internal sealed class LoadReferenceTableHandler(ReferenceTableLoader loader) : IRequestHandler<LoadReferenceTable, ReferenceTableInfo>
{
    public async ValueTask<ReferenceTableInfo> Handle(LoadReferenceTable request, CancellationToken cancellationToken) =>
        await loader.LoadAsync(() => ReferenceTableFile.Parse(request.Json), request.Actor, cancellationToken);
}

internal sealed class ImportReferenceTableHandler(ReferenceTableLoader loader) : IRequestHandler<ImportReferenceTable, ReferenceTableInfo>
{
    public async ValueTask<ReferenceTableInfo> Handle(ImportReferenceTable request, CancellationToken cancellationToken) =>
        await loader.LoadAsync(() => ReferenceTableWorkbookFormat.Read(request.Workbook), request.Actor, cancellationToken);
}

/// <summary>An administrator's new version: checked, then stored unless its kind already has a version from that date.</summary>
internal sealed class ReferenceTableLoader(IDbConnectionFactory db, IClock clock)
{
    public async Task<ReferenceTableInfo> LoadAsync(Func<ReferenceTableFile> parse, Contracts.Actor actor, CancellationToken ct)
    {
        if (!actor.Roles.Contains("Admin"))
        {
            throw new UnauthorizedAccessException("Only an administrator loads reference tables.");
        }

        var file = parse();
        await using var c = await db.OpenAsync(ct);
        var id = await ReferenceTableStore.InsertAsync(c, null, file, actor.Name, clock.UtcNow, ct)
            ?? throw new InvalidInputException([new InputError(null, "effectiveFrom", $"{file.Kind} already has a version from {file.EffectiveFrom:yyyy-MM-dd}; a correction takes a new effective date")]);
        var row = await c.QuerySingleAsync<ReferenceTableStore.Row>(new CommandDefinition(ReferenceTableStore.SelectSql + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row.ToInfo();
    }
}

internal sealed class GetReferenceTableWorkbookHandler(IDbConnectionFactory db) : IRequestHandler<GetReferenceTableWorkbook, ReferenceTableWorkbook?>
{
    private const string VersionSql = "SELECT kind AS Kind, effective_from AS EffectiveFrom, source AS Source, verified AS Verified, content AS Content FROM salary_reference_table WHERE id = @Id";

    public async ValueTask<ReferenceTableWorkbook?> Handle(GetReferenceTableWorkbook request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(VersionSql, request, cancellationToken: cancellationToken));
        return row is null ? null : new ReferenceTableWorkbook(
            $"{row.Kind}.{row.EffectiveFrom}.xlsx", ReferenceTableWorkbookFormat.Write(row.Kind, row.EffectiveFrom, row.Source, row.Verified, row.Content));
    }

    private sealed class VersionRow
    {
        public string Kind { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public string Source { get; init; } = "";

        public bool Verified { get; init; }

        public string Content { get; init; } = "";
    }
}

internal sealed class ListReferenceTablesHandler(IDbConnectionFactory db) : IRequestHandler<ListReferenceTables, IReadOnlyList<ReferenceTableInfo>>
{
    public async ValueTask<IReadOnlyList<ReferenceTableInfo>> Handle(ListReferenceTables request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<ReferenceTableStore.Row>(new CommandDefinition(ReferenceTableStore.SelectSql + " ORDER BY kind, effective_from DESC", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToInfo()).ToList();
    }
}
