using Mediator;

namespace Payroll.Modules.Contracts.Salary;

/// <summary>
/// Loads the reference tables shipped with the system (their figures, effective dates and sources) that are not yet in
/// the database. Idempotent; run at every start. Returns how many versions were added.
/// </summary>
public sealed record LoadShippedReferenceTables(Actor Actor) : IRequest<int>;

/// <summary>
/// Loads a new version of one reference table from its JSON form (the shipped files' format). Refused, with every
/// problem named, when the content is invalid or a version of that kind already has this effective date.
/// </summary>
public sealed record LoadReferenceTable(string Json, Actor Actor) : IRequest<ReferenceTableInfo>;

public sealed record ListReferenceTables : IRequest<IReadOnlyList<ReferenceTableInfo>>;

public sealed record ReferenceTableInfo(long Id, string Kind, DateOnly EffectiveFrom, string Source, bool Verified, string Sha256, DateTimeOffset LoadedAt, string LoadedBy);

public enum StandingDeductionKind
{
    /// <summary>法院扣押: a court order, at most a third of the pay (強制執行法 §115-1, §122).</summary>
    Garnishment,

    /// <summary>A deduction the person asked for (dues, savings, meals).</summary>
    Voluntary,
}

/// <summary>A monthly deduction for a person from one period on (to an optional last period).</summary>
public sealed record SaveStandingDeduction(
    string EmployeeNo, StandingDeductionKind Kind, string Label, long Amount, string Reference, string FromPeriod, string? ToPeriod, Actor Actor) : IRequest<long>;
