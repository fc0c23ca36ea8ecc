using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

public enum StaffCategory
{
    CivilServant,
    Teacher,
    ContractStaff,
    Worker,
}

/// <summary>
/// A person's state from its status date: in service since (joined, or back from leave); on unpaid leave (留職停薪) from;
/// or no longer in service from that day (the day before was the last one), with the reason where a rule depends on it
/// (the year-end bonus is owed pro rata to those who retire, are made redundant or die during the year).
/// </summary>
public enum EmploymentStatus
{
    Active,
    UnpaidLeave,

    /// <summary>停職 with half pay: 公務人員俸給法 §21 allows half the 本俸 (年功俸) while suspended.</summary>
    Suspended,

    /// <summary>休職, or 停職 without the half pay: nothing is paid.</summary>
    SuspendedUnpaid,

    /// <summary>Left for any other reason (resigned, dismissed, transferred out).</summary>
    Left,

    /// <summary>退休 (退職).</summary>
    Retired,

    /// <summary>資遣.</summary>
    Redundant,

    /// <summary>死亡.</summary>
    Deceased,
}

public enum PensionScheme
{
    /// <summary>退撫基金 (the old defined-benefit fund).</summary>
    OldFund,

    /// <summary>個人專戶 (new hires from 2023-07-01).</summary>
    PersonalAccount,
}

public enum WithholdingMethod
{
    /// <summary>薪資所得扣繳稅額表.</summary>
    Table,

    /// <summary>5% of the month's pay, at the employee's election.</summary>
    FivePercent,
}

/// <summary>Everything recorded about a person, as entered (identifiers in clear: they are encrypted when stored).</summary>
public sealed record EmployeeInput(
    string EmployeeNo,
    string UnitCode,
    string Name,
    string? RomanisedName,
    string NationalId,
    DateOnly BirthDate,
    StaffCategory Category,
    string? Rank,
    int? Grade,
    int? SalaryPoints,
    string? ProfessionalAllowanceTable,
    int? ProfessionalAllowanceLevel,
    int? SupervisorAllowanceLevel,
    string? AreaAllowance,
    int NhiDependents,
    string InsuranceGroup,
    PensionScheme Pension,
    WithholdingMethod Withholding,
    int TaxDependents,
    bool TaxResident,
    string BankCode,
    string BranchCode,
    string BankAccount,
    string? Email,
    string? Mobile,
    string? Address,
    EmploymentStatus Status,
    DateOnly StatusDate);

/// <summary>
/// Records a person's state from <see cref="EffectiveFrom"/> on (a new person, or a change). Never overwrites:
/// each call is a new version in the history, or a pending change that a second HR clerk approves first (see
/// <see cref="SavedEmployee"/>). Refused as a whole, with every problem named, when input is invalid or the person
/// already has a change waiting.
/// </summary>
[SentBy(Roles.HrClerk)]
public sealed record SaveEmployee(EmployeeInput Input, DateOnly EffectiveFrom, string Reason, Actor Actor) : IRequest<SavedEmployee>;

/// <summary>
/// Each person's state for a pay period (as of its last day), and which fields changed inside it: everyone, the people
/// of some units, or the people with the given ids (a payroll chunk).
/// </summary>
/// <remarks>
/// With <paramref name="LeftSince"/>, people who left on or after that day are included too (a year-end bonus run: the
/// year's retirees), and each person's <see cref="PayrollEmployee.InServiceSince"/> is given.
/// </remarks>
[SentBy(Roles.PayrollOperator, Roles.Admin, Systems = [SystemActors.PayrollChunk, SystemActors.Benchmark], Within = true)]
public sealed record GetEmployeesForPayroll(int Year, int Month, IReadOnlyList<string> UnitCodes, Actor Actor, IReadOnlyList<long>? EmployeeIds = null, DateOnly? LeftSince = null)
    : IRequest<IReadOnlyList<PayrollEmployee>>;

/// <summary>Who is paid for a period (their state on its last day; people who left before it are not), without their details: to plan a run.</summary>
/// <remarks>With <paramref name="LeftSince"/>, people who left on or after that day are included too (in their last unit).</remarks>
[SentBy(Within = true)]
public sealed record GetPayrollPopulation(int Year, int Month, IReadOnlyList<string> UnitCodes, DateOnly? LeftSince = null) : IRequest<IReadOnlyList<PayrollMember>>;

public sealed record PayrollMember(long EmployeeId, string EmployeeNo, string UnitCode);

/// <summary>
/// Who the given people are, as of a period's last day, masked, for payslips and registers. Not recorded here: the
/// module that shows or stores them records that access, with the people it names.
/// </summary>
[SentBy(Within = true)]
public sealed record GetPayrollIdentities(int Year, int Month, IReadOnlyList<long> EmployeeIds) : IRequest<IReadOnlyList<PayrollIdentity>>;

public sealed record PayrollIdentity(long EmployeeId, string EmployeeNo, string Name, string NationalIdMasked, string UnitCode, string BankCode, string BranchCode, string BankAccountMasked);

/// <param name="Parts">The states in force during the period, oldest first, when a version takes effect inside it; otherwise empty.</param>
/// <param name="InServiceSince">
/// The last day the person came into service (joined, or back from unpaid leave): the latest status date of a version
/// with status Active. Given only when asked for (<see cref="GetEmployeesForPayroll.LeftSince"/>).
/// </param>
public sealed record PayrollEmployee(
    long EmployeeId,
    string EmployeeNo,
    string UnitCode,
    StaffCategory Category,
    string? Rank,
    int? Grade,
    int? SalaryPoints,
    string? ProfessionalAllowanceTable,
    int? ProfessionalAllowanceLevel,
    int? SupervisorAllowanceLevel,
    string? AreaAllowance,
    int NhiDependents,
    string InsuranceGroup,
    PensionScheme Pension,
    WithholdingMethod Withholding,
    int TaxDependents,
    bool TaxResident,
    bool HasBankAccount,
    EmploymentStatus Status,
    DateOnly StatusDate,
    IReadOnlyList<FieldChange> ChangesInPeriod,
    DateOnly? InServiceSince = null,
    IReadOnlyList<PayrollEmployeePart>? Parts = null);

/// <summary>
/// The person's state from <see cref="From"/> until the next part (or the period's end): when a pay-relevant change takes
/// effect inside the period, each part is paid by its days. A part's own <see cref="PayrollEmployee.Parts"/> is empty.
/// </summary>
public sealed record PayrollEmployeePart(DateOnly From, PayrollEmployee State);

/// <summary>A field whose value changed on <see cref="EffectiveFrom"/>, inside the period (for proration and retroactive differences).</summary>
public sealed record FieldChange(string Field, DateOnly EffectiveFrom);

/// <summary>A person's versions, newest effective date first, masked; records a ledger entry naming the person.</summary>
[SentBy(Roles.HrClerk, Within = true)]
public sealed record GetEmployeeHistory(string EmployeeNo, Actor Actor) : IRequest<IReadOnlyList<EmployeeVersion>>;

public sealed record EmployeeVersion(
    long VersionId,
    DateOnly EffectiveFrom,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string Reason,
    string UnitCode,
    string Name,
    string NationalIdMasked,
    StaffCategory Category,
    int? Grade,
    int? SalaryPoints,
    string BankAccountMasked,
    string BankCode,
    string BranchCode,
    string EmailMasked,
    string MobileMasked,
    string AddressMasked,
    EmploymentStatus Status,
    DateOnly StatusDate,
    string? ApprovedBy = null);

/// <summary>
/// Search by employee number (prefix), unit code, name (part of it) or national ID (exact, through its blind index).
/// Masked; the page of results is recorded in the ledger with every person on it.
/// </summary>
[SentBy(Roles.HrClerk)]
public sealed record SearchEmployees(string? Query, string? UnitCode, int Page, int PageSize, Actor Actor) : IRequest<EmployeeSearchPage>;

public sealed record EmployeeSearchPage(IReadOnlyList<EmployeeListItem> Items, int Page, int PageSize, bool HasMore);

public sealed record EmployeeListItem(
    long EmployeeId, string EmployeeNo, string Name, string UnitCode, string UnitName, StaffCategory Category, int? Grade, EmploymentStatus Status, string NationalIdMasked, bool IsDemo);

public enum UnmaskableField
{
    NationalId,
    BankAccount,
    Email,
    Mobile,
    Address,
}

/// <summary>
/// Shows one field of one person in clear, to an <c>HrClerk</c>, with a stated reason: recorded in the ledger as an
/// unmasking (or a refused attempt). Null when refused or unknown.
/// </summary>
[SentBy(Roles.HrClerk)]
public sealed record UnmaskEmployeeField(string EmployeeNo, UnmaskableField Field, string Reason, Actor Actor) : IRequest<string?>;

/// <summary>The id of the person with this employee number, or null: links an <c>Employee</c> account to its person.</summary>
[SentBy(Within = true)]
public sealed record FindEmployee(string EmployeeNo) : IRequest<long?>;

/// <summary>The signed-in employee's own record (their <see cref="Actor.EmployeeId"/>), masked, newest version first; recorded.</summary>
[SentBy(Owner = true)]
public sealed record GetMyRecord(Actor Actor) : IRequest<IReadOnlyList<EmployeeVersion>>;

/// <summary>The fields a clerk changes; null leaves a field as it is.</summary>
public sealed record EmployeeChanges(
    string? UnitCode = null,
    string? Rank = null,
    int? Grade = null,
    int? SalaryPoints = null,
    int? SupervisorAllowanceLevel = null,
    int? NhiDependents = null,
    int? TaxDependents = null,
    WithholdingMethod? Withholding = null,
    string? BankCode = null,
    string? BranchCode = null,
    string? BankAccount = null,
    string? Email = null,
    string? Mobile = null,
    string? Address = null,
    EmploymentStatus? Status = null,
    DateOnly? StatusDate = null);

/// <summary>Changes some fields of a person from <see cref="EffectiveFrom"/> on: a new version, validated like any other.</summary>
[SentBy(Roles.HrClerk)]
public sealed record ChangeEmployee(string EmployeeNo, DateOnly EffectiveFrom, string Reason, EmployeeChanges Changes, Actor Actor) : IRequest<SavedEmployee>;

/// <summary>
/// The people a search finds, masked, as a workbook kept in the Vault (kind <c>personnel-export</c>, with every person in
/// it as a subject). Returns the document id; the clerk downloads it through a grant like any document.
/// </summary>
[SentBy(Roles.HrClerk)]
public sealed record ExportEmployees(string? Query, string? UnitCode, Actor Actor) : IRequest<string>;

/// <summary>
/// The accounts to pay the given people into, in clear, as of a period's last day, with whether their bank and branch
/// codes are known. For the bank file alone: the caller stores the file in the Vault naming every person in it.
/// </summary>
[SentBy(Within = true)]
public sealed record GetPayeeAccounts(int Year, int Month, IReadOnlyList<long> EmployeeIds) : IRequest<IReadOnlyList<PayeeAccount>>;

public sealed record PayeeAccount(long EmployeeId, string EmployeeNo, string Name, string UnitCode, string BankCode, string BranchCode, string Account, bool BankKnown, bool BranchKnown);

/// <summary>The ids of the given employee numbers (unknown numbers are left out), for lists and logs that name people by number.</summary>
[SentBy(Within = true)]
public sealed record FindEmployees(IReadOnlyList<string> EmployeeNos) : IRequest<IReadOnlyList<EmployeeRef>>;

public sealed record EmployeeRef(long EmployeeId, string EmployeeNo);

/// <summary>
/// Where to reach the given people with a breach notice, in clear, as recorded today (their latest version): name,
/// e-mail, postal address, paying unit. For the notice alone: the caller records each notice it sends.
/// </summary>
[SentBy(Within = true)]
public sealed record GetNoticeRecipients(IReadOnlyList<long> EmployeeIds) : IRequest<IReadOnlyList<NoticeRecipient>>;

public sealed record NoticeRecipient(long EmployeeId, string EmployeeNo, string Name, string UnitCode, string UnitName, string? Email, string? Address);
