using System.Data.Common;
using System.Globalization;
using Dapper;
using Payroll.Modules.Contracts.Salary;

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
               verified AS {nameof(Row.Verified)}, sha256 AS {nameof(Row.Sha256)}, loaded_at AS {nameof(Row.LoadedAt)}, loaded_by AS {nameof(Row.LoadedBy)},
               verified_by AS {nameof(Row.VerifiedBy)}, verified_at AS {nameof(Row.VerifiedAt)}, verified_source_sha256 AS {nameof(Row.VerifiedSourceSha256)}
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

        public string? VerifiedBy { get; init; }

        public long? VerifiedAt { get; init; }

        public string? VerifiedSourceSha256 { get; init; }

        public ReferenceTableInfo ToInfo() => new(
            Id, Kind, DateOnly.ParseExact(EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture), Source, Verified, Sha256,
            DateTimeOffset.FromUnixTimeMilliseconds(LoadedAt), LoadedBy, VerifiedBy, VerifiedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            VerifiedSourceSha256);
    }
}
