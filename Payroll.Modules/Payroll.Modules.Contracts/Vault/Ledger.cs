using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Vault;

public enum AccessAction
{
    View,
    Search,
    Export,
    Download,
    Unmask,
    GrantIssued,
    Purge,

    /// <summary>An action on the job dashboard (trigger, requeue, delete, remove): who did it, to which jobs.</summary>
    Operate,
}

public enum AccessOutcome
{
    Allowed,
    Refused,
}

/// <summary>
/// Records one read of personal data (or a refused attempt) in the append-only, hash-chained access ledger: who, from
/// where, what, and whose data it held. Modules send it whenever they show or emit a person's data.
/// </summary>
[SentBy(Systems = [SystemActors.Benchmark], Within = true)]
public sealed record RecordAccess(
    Actor Actor,
    AccessAction Action,
    string? DocumentId,
    string? Resource,
    IReadOnlyList<long> SubjectIds,
    IReadOnlyList<string> DataCategories,
    AccessOutcome Outcome,
    string? Reason = null) : IRequest<long>;

/// <summary>
/// Records an action taken on the job dashboard by the signed-in person: <see cref="Command"/> is the dashboard's command
/// path (<c>recurring/trigger</c>, <c>jobs/failed/requeue</c>, ...), <see cref="Targets"/> the job or recurring-job ids it
/// named (one that is not an id's shape is recorded as "-"), <see cref="Done"/> whether the dashboard did it (a refusal of
/// a read-only account is recorded as refused).
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.Admin, Roles.Auditor)]
public sealed record RecordDashboardAction(string Command, IReadOnlyList<string> Targets, bool Done, Actor Actor) : IRequest<long>;

/// <summary>Records a change to personal data: which field of which record, and hashes of the values before and after (never the values).</summary>
[SentBy(Within = true)]
public sealed record RecordChange(
    Actor Actor,
    string Module,
    string Entity,
    string EntityId,
    string Field,
    string? BeforeHash,
    string? AfterHash) : IRequest<long>;

/// <summary>
/// Filters over the ledger. Times are [From, To). <see cref="IpRanges"/> are CIDR ranges the address must be in;
/// <see cref="OutsideTrustedOnly"/> keeps addresses outside the configured trusted networks.
/// </summary>
public sealed record AccessFilter(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> IpRanges,
    bool OutsideTrustedOnly,
    IReadOnlyList<string> Actors,
    IReadOnlyList<string> DocumentKinds,
    string? DocumentId,
    long? SubjectId,
    AccessOutcome? Outcome);

/// <summary>One page of ledger entries, newest first. <see cref="Actor"/> is who is searching: the search itself is recorded.</summary>
[SentBy(Roles.Auditor, Roles.ComplianceOfficer)]
public sealed record GetAccesses(AccessFilter Filter, int Page, int PageSize, Actor Actor) : IRequest<AccessPage>;

public sealed record AccessPage(IReadOnlyList<AccessEntry> Entries, int Page, int PageSize, bool HasMore);

public sealed record AccessEntry(
    long Seq,
    DateTimeOffset At,
    string ActorName,
    string? Role,
    string? ClientIp,
    AccessAction Action,
    string? DocumentId,
    string? DocumentKind,
    string? Resource,
    int SubjectCount,
    AccessOutcome Outcome,
    string? Reason);

/// <summary>"Whose data did addresses outside the trusted networks see between A and B": one row per person.</summary>
[SentBy(Roles.Auditor, Roles.ComplianceOfficer)]
public sealed record GetSubjectsExposed(AccessFilter Filter, Actor Actor) : IRequest<IReadOnlyList<ExposedSubject>>;

public sealed record ExposedSubject(
    long SubjectId,
    int AccessCount,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    IReadOnlyList<string> DocumentIds,
    IReadOnlyList<string> DataCategories,
    IReadOnlyList<string> ClientIps);

/// <summary>Walks both hash chains (accesses, changes) and the checkpoints; names the first broken row.</summary>
[SentBy(Roles.Auditor, Roles.ComplianceOfficer, Roles.Admin, Systems = [SystemActors.AuditCheckpoint, SystemActors.Benchmark, SystemActors.Restore], Within = true)]
public sealed record VerifyAuditChain(Actor Actor) : IRequest<IReadOnlyList<ChainStatus>>;

public sealed record ChainStatus(string Chain, long Rows, string HeadHash, bool Intact, long? FirstBrokenSeq, string? Problem);

/// <summary>Appends the chains' head hashes to the checkpoint file outside the database.</summary>
[SentBy(Roles.Auditor, Roles.Admin, Systems = [SystemActors.AuditCheckpoint])]
public sealed record WriteAuditCheckpoint(Actor Actor) : IRequest<IReadOnlyList<ChainStatus>>;

/// <summary>
/// A copy of the whole database is about to be taken (<c>payroll backup</c>): a ledger row naming the administrator, the
/// engine and the time, written before a byte is copied, so that nobody else's request gets further than its refusal
/// (recorded like every refusal). Only an administrator takes backups.
/// </summary>
[SentBy(Roles.Admin)]
public sealed record RecordBackup(string Engine, Actor Actor) : IRequest<long>;
