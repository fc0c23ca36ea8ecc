using System.Data.Common;
using System.Text.Json;
using Dapper;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach.Scoping;

/// <summary>Affected sets: each a new version with its summary (JSON) and its people.</summary>
internal sealed class AffectedSetStore(IDbConnectionFactory db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] PersonColumns = ["set_id", "employee_id", "employee_no", "unit_code", "sources", "categories", "accesses", "first_at", "last_at", "client_ips", "sample"];

    private const string CurrentSql = """
        SELECT id AS Id, incident_id AS IncidentId, version AS Version, summary AS Summary, created_by AS CreatedBy, created_at AS CreatedAt
        FROM breach_affected_set WHERE incident_id = @incidentId AND (@version = 0 OR version = @version)
        ORDER BY version DESC LIMIT 1
        """;

    private const string CountsSql = """
        SELECT s.incident_id AS IncidentId, s.people AS People FROM breach_affected_set s
        WHERE s.version = (SELECT MAX(x.version) FROM breach_affected_set x WHERE x.incident_id = s.incident_id)
        """;

    private const string NextVersionSql = "SELECT COALESCE(MAX(version), 0) + 1 FROM breach_affected_set WHERE incident_id = @incidentId";

    private const string InsertSql = """
        INSERT INTO breach_affected_set (incident_id, version, people, summary, created_by, created_at)
        VALUES (@incidentId, @version, @people, @summary, @actor, @now) RETURNING id
        """;

    private const string PeopleSql = """
        SELECT employee_id AS EmployeeId, employee_no AS EmployeeNo, unit_code AS UnitCode, sources AS Sources, categories AS Categories, accesses AS Accesses,
               first_at AS FirstAt, last_at AS LastAt, client_ips AS ClientIps, sample AS Sample
        FROM breach_affected_person WHERE set_id = @setId ORDER BY employee_no
        """;

    public async Task<AffectedSetSummary?> CurrentAsync(DbConnection c, long incidentId, CancellationToken ct, int? version = null)
    {
        var row = await c.QuerySingleOrDefaultAsync<SetRow>(new CommandDefinition(CurrentSql, new { incidentId, version = version ?? 0 }, cancellationToken: ct));
        return row is null ? null : JsonSerializer.Deserialize<AffectedSetSummary>(row.Summary, Json)! with
        {
            SetId = row.Id, IncidentId = row.IncidentId, Version = (int)row.Version, CreatedBy = row.CreatedBy, CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        };
    }

    public async Task<IReadOnlyDictionary<long, int>> CurrentCountsAsync(DbConnection c, CancellationToken ct) =>
        (await c.QueryAsync<(long IncidentId, long People)>(new CommandDefinition(CountsSql, cancellationToken: ct))).ToDictionary(r => r.IncidentId, r => (int)r.People);

    public async Task<AffectedSetSummary> SaveAsync(AffectedSetSummary summary, IReadOnlyList<AffectedPerson> people, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var version = await c.ExecuteScalarAsync<int>(new CommandDefinition(NextVersionSql, new { incidentId = summary.IncidentId }, tx, cancellationToken: ct));
        var saved = summary with { Version = version };
        var setId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            incidentId = summary.IncidentId, version, people = (long)people.Count, summary = JsonSerializer.Serialize(saved, Json), actor = summary.CreatedBy,
            now = summary.CreatedAt.ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: ct));
        await BulkInsert.RunAsync(c, tx, "breach_affected_person", PersonColumns, people.Select(p => new object?[]
        {
            setId, p.EmployeeId, p.EmployeeNo, p.UnitCode, string.Join(',', p.Sources), string.Join(',', p.Categories), p.Accesses,
            p.FirstAt.ToUnixTimeMilliseconds(), p.LastAt.ToUnixTimeMilliseconds(), string.Join(',', p.ClientIps), p.Sample,
        }), ct);
        await tx.CommitAsync(ct);
        return saved with { SetId = setId };
    }

    private const string PersonCategoriesSql = "SELECT categories FROM breach_affected_person WHERE set_id = @setId AND employee_id = @employeeId";

    /// <summary>One person's exposed categories in a set (null when they are not in it).</summary>
    public async Task<IReadOnlyList<string>?> PersonCategoriesAsync(long setId, long employeeId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(PersonCategoriesSql, new { setId, employeeId }, cancellationToken: ct)) is { } text ? Split(text) : null;
    }

    public async Task<IReadOnlyList<AffectedPerson>> PeopleAsync(long setId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<PersonRow>(new CommandDefinition(PeopleSql, new { setId }, cancellationToken: ct));
        return rows.Select(r => new AffectedPerson(
            r.EmployeeId, r.EmployeeNo, r.UnitCode, Split(r.Sources), Split(r.Categories), r.Accesses, DateTimeOffset.FromUnixTimeMilliseconds(r.FirstAt),
            DateTimeOffset.FromUnixTimeMilliseconds(r.LastAt), Split(r.ClientIps), r.Sample)).ToList();
    }

    /// <summary>The ids of a set's people, for the ledger row of a read that shows the set (its counts by unit and category).</summary>
    public async Task<IReadOnlyList<long>> PersonIdsAsync(long setId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT employee_id FROM breach_affected_person WHERE set_id = @setId ORDER BY employee_id", new { setId }, cancellationToken: ct))).ToList();
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private sealed class SetRow
    {
        public long Id { get; init; }

        public long IncidentId { get; init; }

        public long Version { get; init; }

        public string Summary { get; init; } = "";

        public string CreatedBy { get; init; } = "";

        public long CreatedAt { get; init; }
    }

    private sealed class PersonRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public string Sources { get; init; } = "";

        public string Categories { get; init; } = "";

        public long Accesses { get; init; }

        public long FirstAt { get; init; }

        public long LastAt { get; init; }

        public string ClientIps { get; init; } = "";

        public string Sample { get; init; } = "";
    }
}
