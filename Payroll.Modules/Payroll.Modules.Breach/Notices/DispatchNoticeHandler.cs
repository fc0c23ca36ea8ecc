using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using MimeKit;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Breach.Notices;

/// <summary>
/// One notice, exactly once. E-mail: claimed (Queued → Sending, attempts + 1) before the attempt; Sent with its Message-ID
/// (from the notice id) and the SHA-256 of the exact text after; a permanent refusal → Failed and a letter; a transient
/// one → Queued again after a growing wait, a letter once the attempts run out. A notice found Sending is left alone (the
/// sweeper moves it to review when its attempt is overdue). Letters wait for <see cref="PrintLetters"/>; the public
/// notice is written into the Vault once.
/// </summary>
internal sealed class DispatchNoticeHandler(
    IDbConnectionFactory db, NoticeStore store, NoticeContext context, SmtpSender smtp, ISender sender, IOptions<BreachOptions> options, IClock clock, FieldCipher cipher)
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
            var day = RocDate.InTaipei(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (notice.ChannelValue == NoticeChannel.Public)
            {
                var (subject, body) = NoticeText.Fill(template, incident, null, incident.Input.DataCategories ?? []);
                var text = subject + "\n\n" + body;
                var stored = await sender.Send(new StoreDocument("breach-evidence", "Breach", "text/plain; charset=utf-8", $"public-notice-incident{notice.IncidentId}.txt",
                    Encoding.UTF8.GetBytes(text), [], ["none"], request.Actor), cancellationToken);
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
                    await DatabaseOutage.RetryAsync(db, async ct => await sender.Send(new RecordAccess(request.Actor, AccessAction.Export, null,
                        $"/breach/incidents/{notice.IncidentId}/notices/{notice.Id}", [notice.EmployeeId.Value], categories.Append("name").Distinct().ToList(), AccessOutcome.Allowed), ct),
                        options.Value.SendingTimeout, CancellationToken.None);
                    return new DispatchOutcome(NoticeState.Sent, null, null);
                case SendResult.Transient when notice.Attempts + 1 < options.Value.MaxAttempts:
                    var wait = options.Value.RetryDelay * Math.Pow(2, notice.Attempts);
                    await c.ExecuteAsync(new CommandDefinition(RetrySql, new { id = notice.Id, next = (now + wait).ToUnixTimeMilliseconds(), failure = NoticeTexts.Seal(cipher, error, NoticeTexts.Failure, notice.Id) }, cancellationToken: cancellationToken));
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
        await c.ExecuteAsync(new CommandDefinition(FailedSql, new { id = notice.Id, failure = NoticeTexts.Seal(cipher, failure, NoticeTexts.Failure, notice.Id) }, tx, cancellationToken: ct));
        var letter = await c.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(FallbackSql, new
        {
            notice.IncidentId, notice.SetId, notice.EmployeeId, notice.EmployeeNo, notice.UnitCode, notice.Id, now = clock.UtcNow.ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new DispatchOutcome(NoticeState.Failed, null, letter);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
