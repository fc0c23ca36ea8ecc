using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Breach;

public enum NoticeChannel
{
    Email,
    Letter,

    /// <summary>On the website or in the news, for whoever cannot be reached: no personal data.</summary>
    Public,
}

/// <summary>Queued → Sending → Sent; Failed (permanently: a letter takes over); Review (found Sending after a crash: never resent blindly).</summary>
public enum NoticeState
{
    Queued,
    Sending,
    Sent,
    Failed,
    Review,
}

/// <summary>
/// A channel's template, in Chinese, with placeholders: <c>{name}</c>, <c>{categories}</c> (the person's own exposed
/// data), <c>{facts}</c>, <c>{occurred}</c>, <c>{measures}</c>, <c>{contact}</c>, <c>{rights}</c>, <c>{incident}</c>.
/// </summary>
public sealed record NoticeTemplate(NoticeChannel Channel, string Subject, string Body);

[SentBy(Roles.ComplianceOfficer)]
public sealed record SaveNoticeTemplate(long IncidentId, NoticeTemplate Template, Actor Actor) : IRequest<NoticeTemplate>;

/// <summary>The incident's templates (the shipped ones where none was saved).</summary>
[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record GetNoticeTemplates(long IncidentId, Actor Actor) : IRequest<IReadOnlyList<NoticeTemplate>>;

/// <summary>
/// The statutory check (Enforcement Rules art. 22(2)): the facts of the breach, the measures taken, a contact point, and
/// for every person the categories of their data that were exposed; each template must carry them. Empty when ready.
/// </summary>
[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record CheckNotices(long IncidentId, Actor Actor) : IRequest<IReadOnlyList<string>>;

/// <summary>A notice as a person (by employee number; none for the public notice) would receive it; the preview is recorded.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record PreviewNotice(long IncidentId, NoticeChannel Channel, string? EmployeeNo, Actor Actor) : IRequest<NoticePreview>;

public sealed record NoticePreview(string Subject, string Body, IReadOnlyList<string> Problems);

/// <summary>Asks for the notices of the incident's current affected set to be sent (a <c>ComplianceOfficer</c>); nothing is sent until another approves.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record RequestNoticeLaunch(long IncidentId, bool PublicNotice, Actor Actor) : IRequest<NoticeLaunch>;

/// <summary>
/// Approval by a second <c>ComplianceOfficer</c>: writes one notice per person (e-mail when they have an address, else a
/// letter) and, if asked, one public notice, in one transaction; then publishes <see cref="NoticesLaunched"/>.
/// </summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record ApproveNoticeLaunch(long IncidentId, Actor Actor) : IRequest<NoticeLaunch>;

public sealed record NoticeLaunch(long IncidentId, int SetVersion, bool PublicNotice, string RequestedBy, DateTimeOffset RequestedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, int Notices);

/// <summary>Published after the launch commits: the job layer enqueues one dispatch job per notice.</summary>
public sealed record NoticesLaunched(long IncidentId, IReadOnlyList<long> NoticeIds) : INotification;

/// <summary>
/// Sends one notice, exactly once: claims it (Queued → Sending) before the attempt and marks it Sent after. Letters and the
/// public notice are made ready here and printed in batches. A transient failure puts it back with a time to retry; a
/// permanent e-mail failure creates a letter instead.
/// </summary>
[SentBy(Systems = [SystemActors.BreachNotice])]
public sealed record DispatchNotice(long NoticeId, Actor Actor) : IRequest<DispatchOutcome>;

public sealed record DispatchOutcome(NoticeState State, TimeSpan? RetryAfter, long? FallbackNoticeId);

/// <summary>Prints the incident's pending letters: one PDF per paying unit with a delivery receipt sheet, kept in the Vault.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record PrintLetters(long IncidentId, Actor Actor) : IRequest<IReadOnlyList<LetterBatch>>;

public sealed record LetterBatch(string UnitCode, int Letters, string PdfDocumentId, string ReceiptDocumentId);

/// <summary>Notices a crash left behind: queued ones whose job is overdue (enqueue again) and ones stuck sending (to review).</summary>
[SentBy(Systems = [SystemActors.NoticeSweeper])]
public sealed record FindStalledNotices(Actor Actor) : IRequest<StalledNotices>;

public sealed record StalledNotices(IReadOnlyList<long> ToEnqueue, int MovedToReview);

[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record GetNoticeProgress(long IncidentId, Actor Actor) : IRequest<NoticeProgress>;

public sealed record ChannelProgress(NoticeChannel Channel, int Total, int Queued, int Sending, int Sent, int Failed, int Review);

public sealed record NoticeProgress(long IncidentId, NoticeLaunch? Launch, IReadOnlyList<ChannelProgress> Channels, IReadOnlyList<NoticeEvidence> Review);

/// <summary>What is kept of each notice: for the evidence register and the review list.</summary>
public sealed record NoticeEvidence(
    long NoticeId, string? EmployeeNo, string? UnitCode, NoticeChannel Channel, NoticeState State, int Attempts, DateTimeOffset? SentAt, string? MessageId,
    string? ContentSha256, string? DocumentId, string? Delivery, string? Failure, DateOnly? LimitationFrom);

/// <summary>The evidence register as a workbook in the Vault (kind breach-evidence), for auditors; the export is recorded.</summary>
[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record ExportNoticeRegister(long IncidentId, Actor Actor) : IRequest<string>;

/// <summary>Records a delivery fact for a notice: a bounce, a signed receipt for a letter, an acknowledgement.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record RecordNoticeDelivery(long NoticeId, string Delivery, DateTimeOffset At, Actor Actor) : IRequest;

public enum IncidentReportKind
{
    /// <summary>資通安全事件調查、處理及改善報告: times, scope and impact, containment and recovery, investigation, root cause, prevention, schedule.</summary>
    CyberSecurity,

    /// <summary>The report to the personal data protection regulator: facts, data, people, measures, notices, contact point.</summary>
    Regulator,
}

/// <summary>Writes an incident report as a PDF into the Vault (kind breach-evidence; counts only, no one named); returns its document id.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record RenderIncidentReport(long IncidentId, IncidentReportKind Kind, Actor Actor) : IRequest<string>;

/// <summary>The incident's notices waiting to be sent by a job (e-mails and the public notice), for the fan-out after a launch.</summary>
[SentBy(Systems = [SystemActors.BreachNotice])]
public sealed record GetQueuedNotices(long IncidentId, Actor Actor) : IRequest<IReadOnlyList<long>>;
