using System.Data.Common;
using Dapper;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach.Notices;

/// <summary>Templates, launches and notices as stored.</summary>
internal sealed class NoticeStore(IDbConnectionFactory db)
{
    private const string TemplatesSql = "SELECT channel AS Channel, subject AS Subject, body AS Body FROM breach_template WHERE incident_id = @incidentId";

    private const string SaveTemplateSql = """
        INSERT INTO breach_template (incident_id, channel, subject, body, updated_by, updated_at) VALUES (@incidentId, @channel, @subject, @body, @actor, @now)
        ON CONFLICT (incident_id, channel) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """;

    private const string LaunchSql = """
        SELECT l.incident_id AS IncidentId, s.version AS SetVersion, l.set_id AS SetId, l.public_notice AS PublicNotice, l.requested_by AS RequestedBy,
               l.requested_at AS RequestedAt, l.approved_by AS ApprovedBy, l.approved_at AS ApprovedAt, l.notices AS Notices
        FROM breach_launch l JOIN breach_affected_set s ON s.id = l.set_id WHERE l.incident_id = @incidentId
        """;

    internal const string NoticeColumns = """
        n.id AS Id, n.incident_id AS IncidentId, n.set_id AS SetId, n.employee_id AS EmployeeId, n.employee_no AS EmployeeNo, n.unit_code AS UnitCode,
        n.channel AS Channel, n.state AS State, n.attempts AS Attempts, n.sent_at AS SentAt, n.message_id AS MessageId, n.content_sha256 AS ContentSha256,
        n.document_id AS DocumentId, n.delivery AS Delivery, n.failure AS Failure, n.limitation_from AS LimitationFrom, n.next_attempt_at AS NextAttemptAt
        """;

    private const string NoticeSql = $"SELECT {NoticeColumns} FROM breach_notice n WHERE n.id = @id";

    private const string NoticesSql = $"SELECT {NoticeColumns} FROM breach_notice n WHERE n.incident_id = @incidentId ORDER BY n.id";

    private const string ProgressSql = """
        SELECT channel AS Channel, state AS State, COUNT(*) AS Notices FROM breach_notice WHERE incident_id = @incidentId GROUP BY channel, state
        """;

    public async Task<IReadOnlyList<NoticeTemplate>> TemplatesAsync(long incidentId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var saved = (await c.QueryAsync<(string Channel, string Subject, string Body)>(new CommandDefinition(TemplatesSql, new { incidentId }, cancellationToken: ct)))
            .ToDictionary(t => Enum.Parse<NoticeChannel>(t.Channel), t => new NoticeTemplate(Enum.Parse<NoticeChannel>(t.Channel), t.Subject, t.Body));
        return NoticeText.Shipped.Select(t => saved.GetValueOrDefault(t.Channel) ?? t).ToList();
    }

    public async Task SaveTemplateAsync(long incidentId, NoticeTemplate t, string actor, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(SaveTemplateSql, new { incidentId, channel = t.Channel.ToString(), subject = t.Subject, body = t.Body, actor, now }, cancellationToken: ct));
    }

    public async Task<LaunchRow?> LaunchAsync(DbConnection c, DbTransaction? tx, long incidentId, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<LaunchRow>(new CommandDefinition(LaunchSql, new { incidentId }, tx, cancellationToken: ct));

    public async Task<NoticeRow?> NoticeAsync(DbConnection c, long id, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<NoticeRow>(new CommandDefinition(NoticeSql, new { id }, cancellationToken: ct));

    public async Task<IReadOnlyList<NoticeRow>> NoticesAsync(long incidentId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<NoticeRow>(new CommandDefinition(NoticesSql, new { incidentId }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<ChannelProgress>> ProgressAsync(DbConnection c, long incidentId, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<(string Channel, string State, long Notices)>(new CommandDefinition(ProgressSql, new { incidentId }, cancellationToken: ct))).ToList();
        return Enum.GetValues<NoticeChannel>().Select(ch =>
        {
            int Count(NoticeState s) => (int)rows.Where(r => r.Channel == ch.ToString() && r.State == s.ToString()).Sum(r => r.Notices);
            var states = Enum.GetValues<NoticeState>().ToDictionary(s => s, Count);
            return new ChannelProgress(ch, states.Values.Sum(), states[NoticeState.Queued], states[NoticeState.Sending], states[NoticeState.Sent], states[NoticeState.Failed], states[NoticeState.Review]);
        }).Where(p => p.Total > 0).ToList();
    }

    internal sealed class LaunchRow
    {
        public long IncidentId { get; init; }

        public long SetVersion { get; init; }

        public long SetId { get; init; }

        public bool PublicNotice { get; init; }

        public string RequestedBy { get; init; } = "";

        public long RequestedAt { get; init; }

        public string? ApprovedBy { get; init; }

        public long? ApprovedAt { get; init; }

        public long Notices { get; init; }

        public NoticeLaunch ToLaunch() => new(
            IncidentId, (int)SetVersion, PublicNotice, RequestedBy, DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt), ApprovedBy,
            ApprovedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, (int)Notices);
    }

    internal sealed class NoticeRow
    {
        public long Id { get; init; }

        public long IncidentId { get; init; }

        public long SetId { get; init; }

        public long? EmployeeId { get; init; }

        public string? EmployeeNo { get; init; }

        public string? UnitCode { get; init; }

        public string Channel { get; init; } = "";

        public string State { get; init; } = "";

        public long Attempts { get; init; }

        public long? SentAt { get; init; }

        public string? MessageId { get; init; }

        public string? ContentSha256 { get; init; }

        public string? DocumentId { get; init; }

        public string? Delivery { get; init; }

        public string? Failure { get; init; }

        public string? LimitationFrom { get; init; }

        public long NextAttemptAt { get; init; }

        public NoticeChannel ChannelValue => Enum.Parse<NoticeChannel>(Channel);

        /// <summary>The notice as evidence, its sealed texts opened (<see cref="NoticeTexts"/>).</summary>
        public NoticeEvidence ToEvidence(FieldCipher cipher) => new(
            Id, EmployeeNo, UnitCode, ChannelValue, Enum.Parse<NoticeState>(State), (int)Attempts, SentAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            MessageId, ContentSha256, DocumentId, NoticeTexts.Open(cipher, Delivery, NoticeTexts.Delivery, Id), NoticeTexts.Open(cipher, Failure, NoticeTexts.Failure, Id),
            LimitationFrom is { } l ? DateOnly.ParseExact(l, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
