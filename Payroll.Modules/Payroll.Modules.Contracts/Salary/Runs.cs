using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Salary;

public enum RunKind
{
    /// <summary>The monthly pay of a period.</summary>
    Regular,

    /// <summary>年終工作獎金 of the period's year (period yyyy-12): months of December's pay, pro rata for late joiners.</summary>
    YearEndBonus,

    /// <summary>考績獎金 for the previous year's appraisal (period yyyy-01), in months of January's pay.</summary>
    PerformanceBonus,

    /// <summary>
    /// Outside the monthly cycle: the month's pay for the people of the chosen units whom no regular or off-cycle run of
    /// that month covers yet (late joiners, people back from leave after the run was made).
    /// </summary>
    OffCycle,

    /// <summary>
    /// 補發／追扣: for each of the last N approved months, the month's pay recalculated with today's records and tables
    /// against what was paid for it; the differences, by month and line.
    /// </summary>
    Retroactive,
}

/// <summary>Draft → Calculating → Calculated → Approved → Paid → Closed, or Cancelled before approval.</summary>
public enum RunState
{
    Draft,
    Calculating,
    Calculated,
    Approved,
    Paid,
    Closed,
    Cancelled,
}

/// <summary>
/// Starts a run for a period (<c>2026-12</c>) and scope (no unit codes = every unit): records it, splits the people into
/// chunks and publishes <see cref="PayrollRunPlanned"/> so one job per chunk calculates them. Refused when a run of the
/// same period and kind already covers one of the units. With <paramref name="ReissueOf"/> (an off-cycle run only): the
/// people a paid run could not pay, held back from its bank file or rejected by the bank, paid again.
/// </summary>
/// <remarks>
/// <paramref name="PayDate"/>: the day the run is paid (default: the period's first day). The tax year, the withholding
/// table and the 二代健保 running total follow it.
/// </remarks>
[SentBy(Roles.PayrollOperator, Roles.Admin, Systems = [SystemActors.MonthlyPayroll])]
/// <remarks><paramref name="TriggeredBy"/>: for the schedule's job only, the account that triggered it by hand on the dashboard; it may not approve the run.</remarks>
public sealed record StartPayrollRun(string Period, RunKind Kind, IReadOnlyList<string> UnitCodes, Actor Actor, long? ReissueOf = null, DateOnly? PayDate = null, string? TriggeredBy = null)
    : IRequest<RunPlan>;

/// <summary>
/// Calculates a run again before approval: all of it (no units, no person), some units, or one person. A new version
/// whose results replace the previous ones for those people in one transaction once every chunk is done.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.Admin)]
public sealed record RerunPayroll(long RunId, IReadOnlyList<string> UnitCodes, string? EmployeeNo, Actor Actor) : IRequest<RunPlan>;

public sealed record RunPlan(long RunId, int Version, int People, IReadOnlyList<int> Chunks);

/// <summary>Published after a run's version and chunks are committed: the job layer enqueues one job per chunk.</summary>
public sealed record PayrollRunPlanned(long RunId, int Version, IReadOnlyList<int> Chunks) : INotification;

/// <summary>
/// Calculates one chunk (idempotent: a chunk already done, or claimed by another worker, is left alone). The worker
/// that finishes the last chunk publishes the version and marks the run Calculated.
/// </summary>
[SentBy(Systems = [SystemActors.PayrollChunk])]
public sealed record CalculatePayrollChunk(long RunId, int Version, int ChunkNo, Actor Actor) : IRequest<ChunkOutcome>;

public sealed record ChunkOutcome(bool Calculated, bool RunCompleted);

/// <summary>Chunks whose lease ran out without finishing (a crashed worker), and runs whose chunks are all done but not published.</summary>
[SentBy(Systems = [SystemActors.PayrollSweeper])]
public sealed record FindStalledPayrollWork(Actor Actor) : IRequest<StalledPayrollWork>;

public sealed record StalledPayrollWork(IReadOnlyList<ChunkRef> Chunks, IReadOnlyList<long> RunsToComplete);

public sealed record ChunkRef(long RunId, int Version, int ChunkNo);

/// <summary>Publishes a version whose chunks are all done (the sweeper's repair when a worker died in between).</summary>
[SentBy(Systems = [SystemActors.PayrollSweeper, SystemActors.PayrollChunk], Within = true)]
public sealed record CompletePayrollRun(long RunId, Actor Actor) : IRequest<bool>;

/// <summary>Approval by a <c>PayrollApprover</c> who did not start the run; locks it.</summary>
[SentBy(Roles.PayrollApprover)]
public sealed record ApprovePayrollRun(long RunId, Actor Actor, IReadOnlyList<string>? AcknowledgedTables = null) : IRequest<PayrollRunSummary>;

/// <summary>Cancels a run that has not been approved.</summary>
[SentBy(Roles.PayrollOperator, Roles.Admin)]
public sealed record CancelPayrollRun(long RunId, string Reason, Actor Actor) : IRequest<PayrollRunSummary>;

[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetPayrollRun(long RunId, Actor Actor) : IRequest<PayrollRunDetail?>;

/// <summary>State, totals and progress only (no one named): for progress bars and polling.</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor, Systems = [SystemActors.MonthlyPayroll, SystemActors.PayrollChunk], Within = true)]
public sealed record GetPayrollRunSummary(long RunId, Actor Actor) : IRequest<PayrollRunSummary?>;

/// <summary>
/// Runs filtered (state, period <c>yyyy-MM</c>, kind), sorted and paged in the database, at most <paramref name="Limit"/>
/// (1-500) a page; <paramref name="After"/> is the cursor a previous page returned. Totals only: nobody is named.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor, Systems = [SystemActors.MonthlyPayroll])]
public sealed record ListPayrollRuns(Actor Actor, int Limit, RunState? State = null, string? Period = null, RunKind? Kind = null, RunSort Sort = RunSort.StartedDescending, string? After = null)
    : IRequest<RunPage>;

/// <summary>How a list of runs is ordered; ties go by id the same way.</summary>
public enum RunSort
{
    StartedDescending,
    StartedAscending,
    PeriodDescending,
    PeriodAscending,
}

/// <summary>A page of runs and, when more follow, the cursor (<see cref="ListPayrollRuns.After"/>) of the next page.</summary>
public sealed record RunPage(IReadOnlyList<PayrollRunSummary> Runs, string? Next);

public sealed record PayrollRunSummary(
    long RunId,
    string Period,
    RunKind Kind,
    IReadOnlyList<string> UnitCodes,
    RunState State,
    int Version,
    int? PendingVersion,
    string StartedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? CalculatedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    RunTotals Totals,
    int ChunksDone,
    int ChunksTotal,
    int UnverifiedTables = 0,
    DateOnly? PayDate = null)
{
    /// <summary>The mark every payslip and register of a run that used an unverified table carries.</summary>
    public const string TrialMark = "試算：使用未查核之參考表";

    /// <summary>Calculated with at least one table version nobody has verified against its official source.</summary>
    public bool IsTrial => UnverifiedTables > 0;
}

public sealed record RunTotals(int People, long Gross, long Deductions, long Net, int Exceptions);

public sealed record UnitTotals(string UnitCode, RunTotals Totals, long? PreviousGross);

/// <summary>A person the run could not pay as calculated (no bank account, negative net, missing data).</summary>
public sealed record RunException(long EmployeeId, string EmployeeNo, string UnitCode, string Problem);

/// <summary>Checks against the previous month's regular run.</summary>
public sealed record VarianceCheck(string Kind, string? UnitCode, string? EmployeeNo, string Detail);

public sealed record PayrollRunDetail(
    PayrollRunSummary Summary,
    IReadOnlyList<UnitTotals> Units,
    IReadOnlyList<RunException> Exceptions,
    IReadOnlyList<VarianceCheck> Checks,
    long? PreviousRunId,
    IReadOnlyList<RunVersionInfo> Versions,
    decimal GrossChangeLimit,
    IReadOnlyList<RunTableUse> Tables,
    bool UnverifiedTablesMayBeAcknowledged);

/// <summary>The reference table versions a run read, with their verification (names nobody; nothing recorded).</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetRunTables(long RunId, Actor Actor) : IRequest<IReadOnlyList<RunTableUse>>;

/// <summary>
/// A reference table version a run read: its name in the trace (<c>kind#id@date</c>), its source, whether and by whom it
/// was verified, and, for an unverified one, the approver who acknowledged it.
/// </summary>
public sealed record RunTableUse(
    long TableId, string Ref, string Kind, DateOnly EffectiveFrom, string Source, bool Verified, string? VerifiedBy, DateTimeOffset? VerifiedAt,
    string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt);

public sealed record RunVersionInfo(int Version, string Scope, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, int People);

/// <summary>
/// What a version changed against the results it replaced: per person, per line, a page of people at a time (by unit,
/// then employee number; a first calculation changes everyone's pay).
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetRunVersionChanges(long RunId, int Version, Actor Actor, int Page = 1, int PageSize = 100) : IRequest<RunVersionChanges>;

/// <summary>One page of a version's changes: the lines of the people on it, and how many people changed in all.</summary>
public sealed record RunVersionChanges(IReadOnlyList<PayslipChange> Changes, int People, int Page, int PageSize);

public sealed record PayslipChange(string EmployeeNo, string UnitCode, string Code, long? Before, long? After);

/// <summary>
/// What an approved (or paid) run pays: every current payslip without an exception, its net and unit. Null when the
/// run does not exist. The caller checks the run's state.
/// </summary>
[SentBy(Within = true)]
public sealed record GetRunPayments(long RunId, Actor Actor) : IRequest<RunPayments?>;

public sealed record RunPayments(PayrollRunSummary Summary, IReadOnlyList<RunPayment> Payments);

public sealed record RunPayment(long EmployeeId, string EmployeeNo, string UnitCode, long Net);

/// <summary>
/// Marks an approved run Paid when its bank files are released. Idempotent for the same <paramref name="Reference"/>
/// (a retry after a crash); refused for a run not approved, or already paid under another reference.
/// </summary>
[SentBy(Within = true)]
public sealed record MarkPayrollRunPaid(long RunId, string Reference, Actor Actor) : IRequest<PayrollRunSummary>;
