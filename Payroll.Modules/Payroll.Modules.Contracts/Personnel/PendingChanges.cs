using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>
/// What a save or a change did: a new version in force (<see cref="PendingChangeId"/> null), or a pending change that waits
/// for a second HR clerk, because it is a new person or touches what moves money (bank account, grade, salary points,
/// allowances, a return to paid status) or takes effect before today. Nothing pending is paid.
/// </summary>
public sealed record SavedEmployee(long EmployeeId, long? PendingChangeId)
{
    public bool Pending => PendingChangeId is not null;
}

public enum PendingState
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// Pending changes, newest first: the open ones (<paramref name="OpenOnly"/>), or those of one import
/// (<paramref name="Batch"/>), with each field's value before and after (account numbers masked). The list names
/// people, so it is recorded in the ledger with every person on it.
/// </summary>
[SentBy(Roles.HrClerk, Roles.Auditor)]
public sealed record GetPendingChanges(bool OpenOnly, string? Batch, Actor Actor, int Limit = 500) : IRequest<IReadOnlyList<PendingChange>>;

/// <param name="Why">What makes it need a second clerk: <c>new</c>, <c>backdated</c>, <c>reinstated</c>, or the fields (by their contract names).</param>
public sealed record PendingChange(
    long Id,
    string? Batch,
    long EmployeeId,
    string EmployeeNo,
    string Name,
    DateOnly EffectiveFrom,
    string Reason,
    IReadOnlyList<string> Why,
    IReadOnlyList<FieldDifference> Differences,
    string MadeBy,
    DateTimeOffset MadeAt,
    PendingState State,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Note);

/// <summary>One field's value in the version in force and in the change (null before: a new person). Accounts are masked.</summary>
public sealed record FieldDifference(string Field, string? Before, string? After);

/// <summary>
/// A second HR clerk approves or rejects pending changes: the given ids, or every open change of an import
/// (<paramref name="Batch"/>). Refused as a whole when any is not open, or was made by the same person; a rejection
/// needs a note. An approved change is checked again and becomes a version in force, recording who made it and who
/// approved it.
/// </summary>
[SentBy(Roles.HrClerk)]
public sealed record DecidePendingChanges(IReadOnlyList<long> Ids, string? Batch, bool Approve, string? Note, Actor Actor) : IRequest<PendingDecision>;

public sealed record PendingDecision(int Approved, int Rejected);

/// <summary>
/// The pay-relevant changes in force that a run's approver must see: versions recorded after <paramref name="RecordedAfter"/>
/// (the previous run), or taking effect between <paramref name="EffectiveFrom"/> and <paramref name="EffectiveUntil"/>.
/// Each names the fields, who made it and who approved it.
/// </summary>
[SentBy(Within = true)]
public sealed record GetPayRelevantChanges(DateTimeOffset? RecordedAfter, DateOnly EffectiveFrom, DateOnly EffectiveUntil) : IRequest<IReadOnlyList<PayRelevantChange>>;

public sealed record PayRelevantChange(long EmployeeId, string EmployeeNo, DateOnly EffectiveFrom, IReadOnlyList<string> Fields, string MadeBy, string? ApprovedBy, DateTimeOffset RecordedAt);
