using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Salary;

/// <summary>
/// Loads the reference tables shipped with the system (their figures, effective dates and sources) that are not yet in
/// the database. Idempotent; run at every start. Returns how many versions were added.
/// </summary>
[SentBy(Systems = [SystemActors.Release])]
public sealed record LoadShippedReferenceTables(Actor Actor) : IRequest<int>;

/// <summary>
/// Loads a new version of one reference table from its JSON form (the shipped files' format). Refused, with every
/// problem named, when the content is invalid or a version of that kind already has this effective date.
/// </summary>
[SentBy(Roles.Admin)]
public sealed record LoadReferenceTable(string Json, Actor Actor) : IRequest<ReferenceTableInfo>;

/// <summary>
/// Loads a new version from a workbook in the form <see cref="GetReferenceTableWorkbook"/> gives (an administrator edits
/// the version in force and uploads it with a new effective date). Problems are named by sheet, row and column.
/// </summary>
[SentBy(Roles.Admin)]
public sealed record ImportReferenceTable(byte[] Workbook, string FileName, Actor Actor) : IRequest<ReferenceTableInfo>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks => [(nameof(Workbook), Workbook)];
}

/// <summary>One version of a reference table as a workbook: a sheet 說明 (kind, date, source, verified), its parameters and one sheet per list.</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetReferenceTableWorkbook(long Id, Actor Actor) : IRequest<ReferenceTableWorkbook?>;

public sealed record ReferenceTableWorkbook(string FileName, byte[] Content);

[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record ListReferenceTables(Actor Actor) : IRequest<IReadOnlyList<ReferenceTableInfo>>;

public sealed record ReferenceTableInfo(
    long Id, string Kind, DateOnly EffectiveFrom, string Source, bool Verified, string Sha256, DateTimeOffset LoadedAt, string LoadedBy,
    string? VerifiedBy = null, DateTimeOffset? VerifiedAt = null, string? VerifiedSourceSha256 = null)
{
    /// <summary>How a run's trace and an approver's acknowledgement name this version.</summary>
    public string Ref => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Kind}#{Id}@{EffectiveFrom:yyyy-MM-dd}");
}

/// <summary>
/// An administrator confirms that a table version's figures match the official source: the document they compared it
/// with (the published PDF or workbook) is hashed and recorded with who and when, and the change goes to the change log.
/// Refused for anyone but an administrator, an empty document, or a version already verified.
/// </summary>
[SentBy(Roles.Admin)]
public sealed record VerifyReferenceTable(long TableId, byte[] SourceDocument, Actor Actor) : IRequest<ReferenceTableInfo>;

public enum StandingDeductionKind
{
    /// <summary>法院扣押: a court order, at most a third of the pay (強制執行法 §115-1, §122).</summary>
    Garnishment,

    /// <summary>A deduction the person asked for (dues, savings, meals).</summary>
    Voluntary,

    /// <summary>
    /// 勞退自提: the person's own labour pension contribution (勞工退休金條例 §14 ¶3), as a rate of the 月提繳工資 in basis
    /// points (<c>Amount</c> 600 = 6%, at most the table's maximum); deducted from pay and not taxed.
    /// </summary>
    LabourPensionVoluntary,
}

/// <summary>
/// A court's garnishment order (執行命令): the creditor, the court's reference and the order's date (older orders are
/// served first), the debt it enforces (withheld until it is paid off), what each payment gives up — a fixed amount or
/// a share (<paramref name="ShareNumerator"/>/<paramref name="ShareDenominator"/>) of the pay — and how many relatives
/// living with the debtor they support (強制執行法 §122 leaves them their living costs too). Always within the
/// statutory third and floor. Recorded by payroll operators and HR clerks; every field checked.
/// </summary>
[SentBy(Roles.HrClerk, Roles.PayrollOperator, Roles.Admin)]
public sealed record RecordGarnishmentOrder(
    string EmployeeNo, string Creditor, string CourtReference, DateOnly OrderDate, long TotalDebt, long? AmountPerPayment, int? ShareNumerator, int? ShareDenominator,
    int Household, string FromPeriod, Actor Actor) : IRequest<long>;

/// <summary>
/// What a run withheld for each creditor, for the transfer to them: per creditor the orders, the people (by employee
/// number) and the amounts. Names people: recorded in the access ledger.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetGarnishmentRemittances(long RunId, Actor Actor) : IRequest<IReadOnlyList<CreditorRemittance>>;

public sealed record CreditorRemittance(string Creditor, long Total, IReadOnlyList<GarnishmentItem> Items);

public sealed record GarnishmentItem(long OrderId, string CourtReference, string EmployeeNo, long Amount, long? BalanceAfter);

/// <summary>A monthly deduction for a person from one period on (to an optional last period).</summary>
[SentBy(Roles.HrClerk, Roles.PayrollOperator, Roles.Admin)]
public sealed record SaveStandingDeduction(
    string EmployeeNo, StandingDeductionKind Kind, string Label, long Amount, string Reference, string FromPeriod, string? ToPeriod, Actor Actor) : IRequest<long>;

/// <summary>
/// Every pay rule in force on a day (規則與來源): what it computes, the law it follows, the code that applies it and the
/// table versions it reads on that day, each with its source and whether it was verified.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetRulesInForce(DateOnly Day, Actor Actor) : IRequest<IReadOnlyList<RuleInForce>>;

public sealed record RuleInForce(string Line, string Rule, string Code, IReadOnlyList<RuleTable> Tables);

/// <summary>A table a rule reads: its kind and, when a version is in force on the day, that version.</summary>
public sealed record RuleTable(string Kind, ReferenceTableInfo? Version);
