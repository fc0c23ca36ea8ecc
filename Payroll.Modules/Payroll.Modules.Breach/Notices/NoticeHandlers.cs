using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using MimeKit;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Breach.Notices;

internal sealed class SaveNoticeTemplateHandler(NoticeStore store, IClock clock) : IRequestHandler<SaveNoticeTemplate, NoticeTemplate>
{
    public async ValueTask<NoticeTemplate> Handle(SaveNoticeTemplate request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireOfficer(request.Actor);
        var t = request.Template;
        var errors = new List<InputError>();
        if (string.IsNullOrWhiteSpace(t.Subject) || t.Subject.Length > 200)
        {
            errors.Add(new InputError(null, "subject", "required, at most 200 characters"));
        }

        if (string.IsNullOrWhiteSpace(t.Body) || t.Body.Length > 20_000)
        {
            errors.Add(new InputError(null, "body", "required, at most 20,000 characters"));
        }

        errors.AddRange(NoticeText.Required(t.Channel).Where(r => !t.Body.Contains(r, StringComparison.Ordinal)).Select(r => new InputError(null, "body", $"must contain {r}")));
        if (t.Channel == NoticeChannel.Public && (t.Body + t.Subject).Contains("{name}", StringComparison.Ordinal))
        {
            errors.Add(new InputError(null, "body", "a public notice carries no personal data: no {name}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await store.SaveTemplateAsync(request.IncidentId, t, request.Actor.Name, clock.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);
        return t;
    }
}

internal sealed class GetNoticeTemplatesHandler(NoticeStore store) : IRequestHandler<GetNoticeTemplates, IReadOnlyList<NoticeTemplate>>
{
    public async ValueTask<IReadOnlyList<NoticeTemplate>> Handle(GetNoticeTemplates request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireReader(request.Actor);
        return await store.TemplatesAsync(request.IncidentId, cancellationToken);
    }
}

/// <summary>Everything a notice needs: the incident, its templates, its current affected set and people, and the statutory problems.</summary>
internal sealed class NoticeContext(IncidentStore incidents, AffectedSetStore sets, NoticeStore store)
{
    public async Task<(IncidentDetail Incident, IReadOnlyList<NoticeTemplate> Templates, IReadOnlyList<AffectedPerson> People, List<string> Problems)> LoadAsync(long incidentId, CancellationToken ct)
    {
        var incident = await incidents.ReadAsync(incidentId, sets, ct) ?? throw new InvalidOperationException($"No incident {incidentId}.");
        var templates = await store.TemplatesAsync(incidentId, ct);
        var people = incident.CurrentSet is { } set ? await sets.PeopleAsync(set.SetId, ct) : [];
        var problems = NoticeText.Problems(incident, templates).ToList();
        var bare = people.Where(p => p.Categories.Count == 0).Select(p => p.EmployeeNo).ToList();
        if (bare.Count > 0)
        {
            problems.Add($"{bare.Count} 人沒有被外洩之個資類別（{string.Join("、", bare.Take(10))}{(bare.Count > 10 ? "…" : "")}）：通知須告知當事人其被外洩之資料");
        }

        if (incident.CurrentSet is not null && people.Count == 0)
        {
            problems.Add("受影響者名單為空");
        }

        return (incident, templates, people, problems);
    }

    /// <summary>For one notice: the incident, its templates, and the person's own exposed categories in the notice's set (not the whole set).</summary>
    public async Task<(IncidentDetail Incident, IReadOnlyList<NoticeTemplate> Templates, IReadOnlyList<string>? Categories)> LoadOneAsync(long incidentId, long setId, long? employeeId, CancellationToken ct)
    {
        var incident = await incidents.ReadAsync(incidentId, sets, ct) ?? throw new InvalidOperationException($"No incident {incidentId}.");
        var templates = await store.TemplatesAsync(incidentId, ct);
        return (incident, templates, employeeId is { } id ? await sets.PersonCategoriesAsync(setId, id, ct) : null);
    }
}

internal sealed class CheckNoticesHandler(NoticeContext context) : IRequestHandler<CheckNotices, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(CheckNotices request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireReader(request.Actor);
        return (await context.LoadAsync(request.IncidentId, cancellationToken)).Problems;
    }
}

/// <summary>A notice as its recipient will read it; previewing a person's notice is recorded with them as subject.</summary>
internal sealed class PreviewNoticeHandler(NoticeContext context, ISender sender) : IRequestHandler<PreviewNotice, NoticePreview>
{
    public async ValueTask<NoticePreview> Handle(PreviewNotice request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireOfficer(request.Actor);
        var (incident, templates, people, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        var template = templates.Single(t => t.Channel == request.Channel);
        if (request.Channel == NoticeChannel.Public)
        {
            var (subject, body) = NoticeText.Fill(template, incident, null, incident.Input.DataCategories ?? []);
            return new NoticePreview(subject, body, problems);
        }

        var person = people.FirstOrDefault(p => p.EmployeeNo == request.EmployeeNo?.Trim())
            ?? throw new InvalidInputException([new InputError(null, "employeeNo", $"{request.EmployeeNo} is not in the incident's affected set")]);
        var recipient = (await sender.Send(new GetNoticeRecipients([person.EmployeeId]), cancellationToken)).Single();
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, $"/breach/incidents/{request.IncidentId}/notices/preview", [person.EmployeeId], ["name", "breach-affected"], AccessOutcome.Allowed), cancellationToken);
        var (s, b) = NoticeText.Fill(template, incident, recipient.Name, person.Categories);
        return new NoticePreview(s, b, problems);
    }
}

internal sealed class RequestNoticeLaunchHandler(IDbConnectionFactory db, NoticeContext context, NoticeStore store, IClock clock) : IRequestHandler<RequestNoticeLaunch, NoticeLaunch>
{
    private const string InsertSql = """
        INSERT INTO breach_launch (incident_id, set_id, public_notice, requested_by, requested_at) VALUES (@incidentId, @setId, @publicNotice, @actor, @now)
        """;

    public async ValueTask<NoticeLaunch> Handle(RequestNoticeLaunch request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireOfficer(request.Actor);
        var (incident, _, _, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems.Select(p => new InputError(null, "notice", p)).ToList());
        }

        await using var c = await db.OpenAsync(cancellationToken);
        if (await store.LaunchAsync(c, null, request.IncidentId, cancellationToken) is { } existing)
        {
            throw new InvalidOperationException(existing.ApprovedBy is null
                ? $"Notices of incident {request.IncidentId} were already requested by {existing.RequestedBy}; another officer approves them."
                : $"Notices of incident {request.IncidentId} were launched on approval by {existing.ApprovedBy}: they go out once.");
        }

        await c.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            incidentId = request.IncidentId, setId = incident.CurrentSet!.SetId, publicNotice = request.PublicNotice, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds(),
        }, cancellationToken: cancellationToken));
        return (await store.LaunchAsync(c, null, request.IncidentId, cancellationToken))!.ToLaunch();
    }
}

/// <summary>
/// Separation of duties: a second compliance officer approves; the notices are then written in one transaction (one per
/// person: e-mail when an address is on record, else a letter; and the public notice if asked) and announced.
/// </summary>
internal sealed class ApproveNoticeLaunchHandler(IDbConnectionFactory db, NoticeContext context, NoticeStore store, ISender sender, IPublisher publisher, IClock clock)
    : IRequestHandler<ApproveNoticeLaunch, NoticeLaunch>
{
    private static readonly string[] Columns = ["incident_id", "set_id", "employee_id", "employee_no", "unit_code", "channel", "state", "queued_at", "next_attempt_at"];

    private const string ApproveSql = """
        UPDATE breach_launch SET approved_by = @actor, approved_at = @now, notices = @notices WHERE incident_id = @incidentId AND approved_by IS NULL
        """;

    private const string IdsSql = "SELECT id FROM breach_notice WHERE incident_id = @incidentId ORDER BY id";

    public async ValueTask<NoticeLaunch> Handle(ApproveNoticeLaunch request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireOfficer(request.Actor);
        var (_, _, people, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        NoticeStore.LaunchRow launch;
        await using (var read = await db.OpenAsync(cancellationToken))
        {
            launch = await store.LaunchAsync(read, null, request.IncidentId, cancellationToken)
                ?? throw new InvalidOperationException($"Nobody has asked to launch the notices of incident {request.IncidentId}.");
        }

        if (request.Actor.UserId is not null && string.Equals(launch.RequestedBy, request.Actor.Name, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"{request.Actor.Name} asked for this launch and cannot also approve it: a second compliance officer approves.");
        }

        if (launch.ApprovedBy is not null)
        {
            throw new InvalidOperationException($"Notices of incident {request.IncidentId} were already launched by {launch.ApprovedBy}.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems.Select(p => new InputError(null, "notice", p)).ToList());
        }

        var setPeople = people;
        var recipients = (await sender.Send(new GetNoticeRecipients(setPeople.Select(p => p.EmployeeId).ToList()), cancellationToken)).ToDictionary(r => r.EmployeeId);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var rows = setPeople.Select(p =>
        {
            var channel = recipients.TryGetValue(p.EmployeeId, out var r) && r.Email is not null ? NoticeChannel.Email : NoticeChannel.Letter;
            return new object?[] { request.IncidentId, launch.SetId, p.EmployeeId, p.EmployeeNo, p.UnitCode, channel.ToString(), nameof(NoticeState.Queued), now, now };
        }).ToList();
        if (launch.PublicNotice)
        {
            rows.Add([request.IncidentId, launch.SetId, null, null, null, nameof(NoticeChannel.Public), nameof(NoticeState.Queued), now, now]);
        }

        IReadOnlyList<long> ids;
        await using (var c = await db.OpenAsync(cancellationToken))
        await using (var tx = await c.BeginTransactionAsync(cancellationToken))
        {
            if (await c.ExecuteAsync(new CommandDefinition(ApproveSql, new { incidentId = request.IncidentId, actor = request.Actor.Name, now, notices = (long)rows.Count }, tx, cancellationToken: cancellationToken)) != 1)
            {
                throw new InvalidOperationException($"Notices of incident {request.IncidentId} were launched meanwhile.");
            }

            await Kernel.Db.BulkInsert.RunAsync(c, tx, "breach_notice", Columns, rows, cancellationToken);
            ids = (await c.QueryAsync<long>(new CommandDefinition(IdsSql, new { incidentId = request.IncidentId }, tx, cancellationToken: cancellationToken))).ToList();
            await tx.CommitAsync(cancellationToken);
        }

        await publisher.Publish(new NoticesLaunched(request.IncidentId, ids), cancellationToken);
        await using var again = await db.OpenAsync(cancellationToken);
        return (await store.LaunchAsync(again, null, request.IncidentId, cancellationToken))!.ToLaunch();
    }
}

/// <summary>
/// One notice, exactly once. E-mail: claimed (Queued → Sending, attempts + 1) before the attempt; Sent with its Message-ID
/// (from the notice id) and the SHA-256 of the exact text after; a permanent refusal → Failed and a letter; a transient
/// one → Queued again after a growing wait, a letter once the attempts run out. A notice found Sending is left alone (the
/// sweeper moves it to review when its attempt is overdue). Letters wait for <see cref="PrintLetters"/>; the public
/// notice is written into the Vault once.
/// </summary>
internal sealed class DispatchNoticeHandler(
    IDbConnectionFactory db, NoticeStore store, NoticeContext context, SmtpSender smtp, ISender sender, IOptions<BreachOptions> options, IClock clock)
    : IRequestHandler<DispatchNotice, DispatchOutcome>
{
    private const string ClaimSql = """
        UPDATE breach_notice SET state = 'Sending', sending_at = @now, attempts = attempts + 1
        WHERE id = @id AND state = 'Queued' AND next_attempt_at <= @now
        """;

    private const string SentSql = """
        UPDATE breach_notice SET state = 'Sent', sent_at = @now, message_id = @messageId, content_sha256 = @sha, document_id = @documentId, limitation_from = @day, failure = NULL
        WHERE id = @id AND state = 'Sending'
        """;

    private const string RetrySql = "UPDATE breach_notice SET state = 'Queued', next_attempt_at = @next, failure = @failure WHERE id = @id AND state = 'Sending'";

    private const string UnclaimSql = "UPDATE breach_notice SET state = 'Queued', attempts = attempts - 1 WHERE id = @id AND state = 'Sending'";

    private const string FailedSql = "UPDATE breach_notice SET state = 'Failed', failure = @failure WHERE id = @id AND state = 'Sending'";

    private const string FallbackSql = """
        INSERT INTO breach_notice (incident_id, set_id, employee_id, employee_no, unit_code, channel, state, queued_at, next_attempt_at, fallback_of)
        VALUES (@IncidentId, @SetId, @EmployeeId, @EmployeeNo, @UnitCode, 'Letter', 'Queued', @now, @now, @Id)
        ON CONFLICT (incident_id, employee_id, channel) WHERE employee_id IS NOT NULL DO NOTHING
        RETURNING id
        """;

    public async ValueTask<DispatchOutcome> Handle(DispatchNotice request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var notice = await store.NoticeAsync(c, request.NoticeId, cancellationToken);
        if (notice is null || notice.ChannelValue == NoticeChannel.Letter || notice.State != nameof(NoticeState.Queued))
        {
            return new DispatchOutcome(notice is null ? NoticeState.Failed : Enum.Parse<NoticeState>(notice.State), null, null);
        }

        var now = clock.UtcNow;
        if (notice.NextAttemptAt > now.ToUnixTimeMilliseconds())
        {
            return new DispatchOutcome(NoticeState.Queued, DateTimeOffset.FromUnixTimeMilliseconds(notice.NextAttemptAt) - now, null);
        }

        if (await c.ExecuteAsync(new CommandDefinition(ClaimSql, new { id = notice.Id, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)) != 1)
        {
            return new DispatchOutcome(NoticeState.Sending, null, null);
        }

        // Until the message is handed to the mail server nothing has left: if the database goes away before that, the
        // claim is given back (waiting out the outage), as it is when the host stops, and the notice is tried again shortly
        // rather than left "sending".
        var attempted = false;
        try
        {
            var (incident, templates, categories) = await context.LoadOneAsync(notice.IncidentId, notice.SetId, notice.EmployeeId, cancellationToken);
            var template = templates.Single(t => t.Channel == notice.ChannelValue);
            var day = now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (notice.ChannelValue == NoticeChannel.Public)
            {
                var (subject, body) = NoticeText.Fill(template, incident, null, incident.Input.DataCategories ?? []);
                var text = subject + "\n\n" + body;
                var stored = await sender.Send(new StoreDocument("breach-evidence", "Breach", "text/plain; charset=utf-8", $"public-notice-incident{notice.IncidentId}.txt",
                    Encoding.UTF8.GetBytes(text), [], ["none"], Actor.Job("breach-notice")), cancellationToken);
                await c.ExecuteAsync(new CommandDefinition(SentSql, new { id = notice.Id, now = clock.UtcNow.ToUnixTimeMilliseconds(), messageId = (string?)null, sha = Sha(text), documentId = stored.DocumentId, day = (string?)null }, cancellationToken: cancellationToken));
                return new DispatchOutcome(NoticeState.Sent, null, null);
            }

            var recipient = (await sender.Send(new GetNoticeRecipients([notice.EmployeeId!.Value]), cancellationToken)).SingleOrDefault();
            if (recipient?.Email is null || categories is null)
            {
                return await FailAsync(c, notice, recipient is null ? "the person is no longer on record" : "no e-mail address on record", cancellationToken);
            }

            var (s, b) = NoticeText.Fill(template, incident, recipient.Name, categories);
            var o = options.Value.Smtp;
            var message = new MimeMessage { Subject = s, Date = now, MessageId = MessageId(notice, o.MessageIdDomain) };
            message.From.Add(MailboxAddress.Parse(o.From));
            message.To.Add(new MailboxAddress(recipient.Name, recipient.Email));
            message.Body = new TextPart("plain") { Text = b };
            // Once claimed, the attempt is carried through, bounded by the mail server timeout: a send cut off half way (the
            // host stopping, or the job storage handing the job to another worker) would leave it unknown whether the
            // person got the message. The shutdown waits for it.
            attempted = true;
            var (result, error) = await smtp.SendAsync(message, CancellationToken.None);
            switch (result)
            {
                case SendResult.Sent:
                    // The message has left: that is now a fact, so it is written down even while the host shuts down, and
                    // through a database outage shorter than the sending timeout (after it the sweeper puts the notice on
                    // the review list; the conditional update then finds it there and changes nothing).
                    var sentAt = clock.UtcNow.ToUnixTimeMilliseconds();
                    var sha = Sha(s + "\n\n" + b);
                    await DatabaseOutage.RetryAsync(db, async ct =>
                    {
                        await using var w = await db.OpenAsync(ct);
                        await w.ExecuteAsync(new CommandDefinition(SentSql, new { id = notice.Id, now = sentAt, messageId = message.MessageId, sha, documentId = (string?)null, day }, cancellationToken: ct));
                    }, options.Value.SendingTimeout, CancellationToken.None);
                    await DatabaseOutage.RetryAsync(db, async ct => await sender.Send(new RecordAccess(Actor.Job("breach-notice"), AccessAction.Export, null,
                        $"/breach/incidents/{notice.IncidentId}/notices/{notice.Id}", [notice.EmployeeId.Value], categories.Append("name").Distinct().ToList(), AccessOutcome.Allowed), ct),
                        options.Value.SendingTimeout, CancellationToken.None);
                    return new DispatchOutcome(NoticeState.Sent, null, null);
                case SendResult.Transient when notice.Attempts + 1 < options.Value.MaxAttempts:
                    var wait = options.Value.RetryDelay * Math.Pow(2, notice.Attempts);
                    await c.ExecuteAsync(new CommandDefinition(RetrySql, new { id = notice.Id, next = (now + wait).ToUnixTimeMilliseconds(), failure = error }, cancellationToken: cancellationToken));
                    return new DispatchOutcome(NoticeState.Queued, wait, null);
                default:
                    return await FailAsync(c, notice, error ?? "refused", cancellationToken);
            }
        }
        catch (Exception e) when (!attempted && (DatabaseOutage.IsOutage(e) || e is OperationCanceledException))
        {
            await DatabaseOutage.RetryAsync(db, async ct =>
            {
                await using var w = await db.OpenAsync(ct);
                await w.ExecuteAsync(new CommandDefinition(UnclaimSql, new { id = notice.Id }, cancellationToken: ct));
            }, options.Value.SendingTimeout, CancellationToken.None);
            return new DispatchOutcome(NoticeState.Queued, TimeSpan.FromSeconds(5), null);
        }
    }

    internal static string MessageId(NoticeStore.NoticeRow notice, string domain) => string.Create(CultureInfo.InvariantCulture, $"notice-{notice.Id}.incident-{notice.IncidentId}@{domain}");

    private async Task<DispatchOutcome> FailAsync(System.Data.Common.DbConnection c, NoticeStore.NoticeRow notice, string failure, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(FailedSql, new { id = notice.Id, failure }, tx, cancellationToken: ct));
        var letter = await c.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(FallbackSql, new
        {
            notice.IncidentId, notice.SetId, notice.EmployeeId, notice.EmployeeNo, notice.UnitCode, notice.Id, now = clock.UtcNow.ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new DispatchOutcome(NoticeState.Failed, null, letter);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Queued e-mails whose attempt is overdue (their job was lost) and notices stuck Sending (to the review list).</summary>
internal sealed class FindStalledNoticesHandler(IDbConnectionFactory db, IOptions<BreachOptions> options, IClock clock) : IRequestHandler<FindStalledNotices, StalledNotices>
{
    private const string OverdueSql = "SELECT id FROM breach_notice WHERE state = 'Queued' AND channel <> 'Letter' AND next_attempt_at < @before ORDER BY id";

    private const string ReviewSql = "UPDATE breach_notice SET state = 'Review', failure = 'interrupted while sending: check the mail server before sending again' WHERE state = 'Sending' AND sending_at < @before";

    public async ValueTask<StalledNotices> Handle(FindStalledNotices request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var c = await db.OpenAsync(cancellationToken);
        var moved = await c.ExecuteAsync(new CommandDefinition(ReviewSql, new { before = (now - options.Value.SendingTimeout).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var overdue = (await c.QueryAsync<long>(new CommandDefinition(OverdueSql, new { before = (now - options.Value.QueueTimeout).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))).ToList();
        return new StalledNotices(overdue, moved);
    }
}

internal sealed class GetNoticeProgressHandler(IDbConnectionFactory db, NoticeStore store) : IRequestHandler<GetNoticeProgress, NoticeProgress>
{
    private const string ReviewSql = $"SELECT {NoticeStore.NoticeColumns} FROM breach_notice n WHERE n.incident_id = @incidentId AND n.state IN ('Review', 'Failed') ORDER BY n.id";

    public async ValueTask<NoticeProgress> Handle(GetNoticeProgress request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireReader(request.Actor);
        await using var c = await db.OpenAsync(cancellationToken);
        var launch = await store.LaunchAsync(c, null, request.IncidentId, cancellationToken);
        var review = await c.QueryAsync<NoticeStore.NoticeRow>(new CommandDefinition(ReviewSql, new { incidentId = request.IncidentId }, cancellationToken: cancellationToken));
        return new NoticeProgress(request.IncidentId, launch?.ToLaunch(), await store.ProgressAsync(c, request.IncidentId, cancellationToken), review.Select(r => r.ToEvidence()).ToList());
    }
}

internal sealed class RecordNoticeDeliveryHandler(IDbConnectionFactory db, IClock clock) : IRequestHandler<RecordNoticeDelivery>
{
    private const string DeliverySql = """
        UPDATE breach_notice SET delivery = @Delivery, delivery_at = @at,
            limitation_from = CASE WHEN channel = 'Letter' THEN @day ELSE limitation_from END
        WHERE id = @NoticeId AND state = 'Sent'
        """;

    public async ValueTask<Unit> Handle(RecordNoticeDelivery request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireOfficer(request.Actor);
        if (string.IsNullOrWhiteSpace(request.Delivery) || request.Delivery.Length > 500)
        {
            throw new InvalidInputException([new InputError(null, "delivery", "say what happened (delivered, signed receipt, bounced ...), at most 500 characters")]);
        }

        if (request.At > clock.UtcNow.AddMinutes(5))
        {
            throw new InvalidInputException([new InputError(null, "at", "in the future")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var changed = await c.ExecuteAsync(new CommandDefinition(DeliverySql, new
        {
            request.NoticeId, Delivery = request.Delivery.Trim(), at = request.At.ToUnixTimeMilliseconds(),
            day = request.At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken));
        return changed == 1 ? Unit.Value : throw new InvalidOperationException($"Notice {request.NoticeId} is not a sent notice.");
    }
}

internal sealed class GetQueuedNoticesHandler(IDbConnectionFactory db) : IRequestHandler<GetQueuedNotices, IReadOnlyList<long>>
{
    private const string QueuedSql = "SELECT id FROM breach_notice WHERE incident_id = @IncidentId AND state = 'Queued' AND channel <> 'Letter' ORDER BY id";

    public async ValueTask<IReadOnlyList<long>> Handle(GetQueuedNotices request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return (await c.QueryAsync<long>(new CommandDefinition(QueuedSql, request, cancellationToken: cancellationToken))).ToList();
    }
}
