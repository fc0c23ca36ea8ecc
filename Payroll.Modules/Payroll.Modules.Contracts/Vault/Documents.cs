using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Vault;

/// <summary>
/// Keeps a generated document (register, payslip, bank file, letter) encrypted in the Vault, with the people it
/// contains. Never under a web root; reachable only through a session-bound, single-use grant.
/// </summary>
[SentBy(Within = true)]
public sealed record StoreDocument(
    string Kind,
    string OwnerModule,
    string ContentType,
    string FileName,
    byte[] Content,
    IReadOnlyList<long> SubjectIds,
    IReadOnlyList<string> DataCategories,
    Actor Actor,
    TimeSpan? Retention = null) : IRequest<StoredDocument>;

public sealed record StoredDocument(string DocumentId, string Sha256, long Size, DateTimeOffset ExpiresAt);

/// <summary>Document metadata (no content, no subjects' data), for lists and evidence.</summary>
[SentBy(Within = true)]
public sealed record GetDocumentInfo(string DocumentId) : IRequest<DocumentInfo?>;

public sealed record DocumentInfo(
    string DocumentId,
    string Kind,
    string OwnerModule,
    string FileName,
    string ContentType,
    string Sha256,
    long Size,
    int SubjectCount,
    IReadOnlyList<string> DataCategories,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? PurgedAt);

/// <summary>
/// Asks for a download. The Vault checks the actor's right to the document's kind and subjects and returns a grant
/// bound to the actor's session, valid 5 minutes, usable once; or null (not found or not allowed, recorded either way).
/// </summary>
[SentBy(Roles.Admin, Roles.HrClerk, Roles.PayrollOperator, Roles.PayrollApprover, Roles.ComplianceOfficer, Roles.Auditor, Roles.Employee)]
public sealed record RequestDownload(string DocumentId, Actor Actor) : IRequest<DownloadGrant?>;

public sealed record DownloadGrant(string GrantId, DateTimeOffset ExpiresAt);

/// <summary>Uses a grant. Null for anyone but the session it was issued to, after expiry, or the second time.</summary>
[SentBy(Roles.Admin, Roles.HrClerk, Roles.PayrollOperator, Roles.PayrollApprover, Roles.ComplianceOfficer, Roles.Auditor, Roles.Employee, Anonymous = true)]
public sealed record RedeemDownload(string GrantId, Actor Actor) : IRequest<DownloadContent?>;

public sealed record DownloadContent(string DocumentId, string FileName, string ContentType, byte[] Content);

/// <summary>Removes the content of documents past their retention and records each purge. Safe to repeat.</summary>
[SentBy(Systems = [SystemActors.DocumentRetention])]
public sealed record PurgeExpiredDocuments(Actor Actor) : IRequest<int>;

/// <summary>
/// Which documents the given download grants (from web-server logs) and document ids lead to, with their kind, data
/// categories and people: for scoping a breach. Unknown ids are left out.
/// </summary>
[SentBy(Within = true)]
public sealed record GetDocumentSubjects(IReadOnlyList<string> GrantIds, IReadOnlyList<string> DocumentIds) : IRequest<IReadOnlyList<DocumentSubjects>>;

public sealed record DocumentSubjects(string? GrantId, string DocumentId, string Kind, IReadOnlyList<string> DataCategories, IReadOnlyList<long> SubjectIds);
