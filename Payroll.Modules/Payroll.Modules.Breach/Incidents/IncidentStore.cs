using Dapper;
using Payroll.Modules.Breach.Rules;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Breach.Incidents;

/// <summary>Reads and writes incidents; the checks every input passes, named by field.</summary>
internal sealed class IncidentStore(IDbConnectionFactory db, IClock clock)
{
    private const string Columns = """
        id AS Id, title AS Title, aware_at AS AwareAt, level AS Level, rule_set AS RuleSet, occurred_from AS OccurredFrom, occurred_to AS OccurredTo,
        discovered_at AS DiscoveredAt, confirmed_at AS ConfirmedAt, contained_at AS ContainedAt, facts AS Facts, cause AS Cause,
        data_categories AS DataCategories, contact_office AS ContactOffice, contact_phone AS ContactPhone, contact_email AS ContactEmail,
        sensitive_data AS SensitiveData, system_records AS SystemRecords, created_by AS CreatedBy, created_at AS CreatedAt
        """;

    private const string ByIdSql = $"SELECT {Columns} FROM breach_incident WHERE id = @id";

    private const string ListSql = $"SELECT {Columns} FROM breach_incident ORDER BY id DESC";

    private const string MeasuresSql = """
        SELECT taken_at AS TakenAt, text AS Text, recorded_by AS RecordedBy, recorded_at AS RecordedAt
        FROM breach_measure WHERE incident_id = @id ORDER BY taken_at, id
        """;

    // Notices are done when they were launched and none is left to send or to look into: the last one sent is the day.
    private const string NoticesDoneSql = """
        SELECT CASE WHEN SUM(CASE WHEN n.state IN ('Queued', 'Sending', 'Review') THEN 1 ELSE 0 END) = 0 THEN MAX(n.sent_at) END
        FROM breach_notice n WHERE n.incident_id = @id
        """;

    private const string InsertSql = """
        INSERT INTO breach_incident (title, aware_at, level, rule_set, occurred_from, occurred_to, discovered_at, confirmed_at, contained_at, facts, cause,
            data_categories, contact_office, contact_phone, contact_email, sensitive_data, system_records, created_by, created_at, updated_by, updated_at)
        VALUES (@Title, @AwareAt, @Level, @RuleSet, @OccurredFrom, @OccurredTo, @DiscoveredAt, @ConfirmedAt, @ContainedAt, @Facts, @Cause,
            @DataCategories, @ContactOffice, @ContactPhone, @ContactEmail, @SensitiveData, @SystemRecords, @actor, @now, @actor, @now)
        RETURNING id
        """;

    private const string UpdateSql = """
        UPDATE breach_incident SET title = @Title, aware_at = @AwareAt, level = @Level, rule_set = @RuleSet, occurred_from = @OccurredFrom,
            occurred_to = @OccurredTo, discovered_at = @DiscoveredAt, confirmed_at = @ConfirmedAt, contained_at = @ContainedAt, facts = @Facts,
            cause = @Cause, data_categories = @DataCategories, contact_office = @ContactOffice, contact_phone = @ContactPhone,
            contact_email = @ContactEmail, sensitive_data = @SensitiveData, system_records = @SystemRecords, updated_by = @actor, updated_at = @now
        WHERE id = @id
        """;

    private const string InsertMeasureSql = """
        INSERT INTO breach_measure (incident_id, taken_at, text, recorded_by, recorded_at) VALUES (@id, @takenAt, @text, @actor, @now)
        """;

    public static IncidentInput Checked(IncidentInput i)
    {
        var errors = new List<InputError>();
        if (string.IsNullOrWhiteSpace(i.Title) || i.Title.Length > 200)
        {
            errors.Add(new InputError(null, "title", "required, at most 200 characters"));
        }

        if (i.Level is < 1 or > 4)
        {
            errors.Add(new InputError(null, "level", "the cyber-security incident level, 1 to 4"));
        }

        if (i.OccurredFrom > i.OccurredTo)
        {
            errors.Add(new InputError(null, "occurredTo", "the window ends before it starts"));
        }

        if (i.ContactEmail is { Length: > 0 } email && !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            errors.Add(new InputError(null, "contactEmail", "not an e-mail address"));
        }

        if (i.SystemRecords < 0)
        {
            errors.Add(new InputError(null, "systemRecords", "zero or more"));
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : i with { Title = i.Title.Trim() };
    }

    public async Task<long> InsertAsync(IncidentInput input, Actor actor, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, Args(input, actor, 0), cancellationToken: ct));
    }

    public async Task<bool> UpdateAsync(long id, IncidentInput input, Actor actor, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(UpdateSql, Args(input, actor, id), cancellationToken: ct)) == 1;
    }

    public async Task AddMeasureAsync(long id, DateTimeOffset takenAt, string text, Actor actor, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertMeasureSql, new { id, takenAt = takenAt.ToUnixTimeMilliseconds(), text, actor = actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task<IncidentDetail?> ReadAsync(long id, AffectedSetStore sets, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(ByIdSql, new { id }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var measures = await c.QueryAsync<(long TakenAt, string Text, string RecordedBy, long RecordedAt)>(new CommandDefinition(MeasuresSql, new { id }, cancellationToken: ct));
        var current = await sets.CurrentAsync(c, id, ct);
        var noticesDone = await c.ExecuteScalarAsync<long?>(new CommandDefinition(NoticesDoneSql, new { id }, cancellationToken: ct));
        var input = row.ToInput();
        return new IncidentDetail(
            row.Id, input,
            measures.Select(m => new IncidentMeasure(At(m.TakenAt), m.Text, m.RecordedBy, At(m.RecordedAt))).ToList(),
            Deadlines.For(input, current?.People, noticesDone is { } done ? At(done) : null, null),
            current, row.CreatedBy, At(row.CreatedAt));
    }

    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(AffectedSetStore sets, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<IncidentRow>(new CommandDefinition(ListSql, cancellationToken: ct))).ToList();
        var counts = await sets.CurrentCountsAsync(c, ct);
        return rows.Select(r => new IncidentSummary(r.Id, r.Title, At(r.AwareAt), (int)r.Level, Enum.Parse<BreachRuleSet>(r.RuleSet), counts.TryGetValue(r.Id, out var n) ? n : null, r.CreatedBy)).ToList();
    }

    private object Args(IncidentInput i, Actor actor, long id) => new
    {
        id, i.Title, AwareAt = i.AwareAt.ToUnixTimeMilliseconds(), i.Level, RuleSet = i.RuleSet.ToString(), OccurredFrom = Ms(i.OccurredFrom), OccurredTo = Ms(i.OccurredTo),
        DiscoveredAt = Ms(i.DiscoveredAt), ConfirmedAt = Ms(i.ConfirmedAt), ContainedAt = Ms(i.ContainedAt), i.Facts, i.Cause,
        DataCategories = string.Join(',', (i.DataCategories ?? []).Select(d => d.Trim()).Where(d => d.Length > 0).Distinct()),
        i.ContactOffice, i.ContactPhone, i.ContactEmail, i.SensitiveData, i.SystemRecords, actor = actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds(),
    };

    private static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    internal static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed class IncidentRow
    {
        public long Id { get; init; }

        public string Title { get; init; } = "";

        public long AwareAt { get; init; }

        public long Level { get; init; }

        public string RuleSet { get; init; } = "";

        public long? OccurredFrom { get; init; }

        public long? OccurredTo { get; init; }

        public long? DiscoveredAt { get; init; }

        public long? ConfirmedAt { get; init; }

        public long? ContainedAt { get; init; }

        public string? Facts { get; init; }

        public string? Cause { get; init; }

        public string DataCategories { get; init; } = "";

        public string? ContactOffice { get; init; }

        public string? ContactPhone { get; init; }

        public string? ContactEmail { get; init; }

        public bool SensitiveData { get; init; }

        public long? SystemRecords { get; init; }

        public string CreatedBy { get; init; } = "";

        public long CreatedAt { get; init; }

        public IncidentInput ToInput() => new(
            Title, At(AwareAt), (int)Level, Enum.Parse<BreachRuleSet>(RuleSet), Opt(OccurredFrom), Opt(OccurredTo), Opt(DiscoveredAt), Opt(ConfirmedAt), Opt(ContainedAt),
            Facts, Cause, DataCategories.Split(',', StringSplitOptions.RemoveEmptyEntries), ContactOffice, ContactPhone, ContactEmail, SensitiveData, SystemRecords);

        private static DateTimeOffset? Opt(long? ms) => ms is { } v ? At(v) : null;
    }
}
