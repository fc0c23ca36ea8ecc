using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>
/// 獎懲. 平時考核 (公務人員考績法 §12): 嘉獎, 記功, 記大功 and 申誡, 記過, 記大過. A disciplinary judgment (懲戒處分,
/// 公務員懲戒法 §9) may be 申誡, 記過, or heavier (<see cref="SevereSanction"/>: 減俸, 降級, 休職, 撤職 and the like).
/// </summary>
public enum DisciplineKind
{
    /// <summary>嘉獎.</summary>
    Commendation,

    /// <summary>記功.</summary>
    Merit,

    /// <summary>記大功.</summary>
    MajorMerit,

    /// <summary>申誡.</summary>
    Reprimand,

    /// <summary>記過.</summary>
    Demerit,

    /// <summary>記大過.</summary>
    MajorDemerit,

    /// <summary>A disciplinary sanction heavier than 記過 (減俸, 降級, 休職, 撤職, ...).</summary>
    SevereSanction,
}

/// <summary>Where a record comes from: the agency's 平時考核, or a disciplinary judgment (懲戒處分).</summary>
public enum DisciplineBasis
{
    /// <summary>平時考核 (公務人員考績法 §12): merits and demerits offset each other.</summary>
    Appraisal,

    /// <summary>懲戒處分 (公務員懲戒法), dated the day the judgment became final.</summary>
    Disciplinary,
}

public sealed record DisciplineRecord(long Id, long EmployeeId, DisciplineKind Kind, DisciplineBasis Basis, DateOnly DecidedOn, string Reference, bool Withdrawn);

/// <summary>An HR clerk records a merit, demerit or sanction; refused, naming the field, when it does not fit its basis.</summary>
[SentBy(Roles.HrClerk, Roles.Admin)]
public sealed record RecordDiscipline(string EmployeeNo, DisciplineKind Kind, DisciplineBasis Basis, DateOnly DecidedOn, string Reference, Actor Actor) : IRequest<long>;

/// <summary>Corrects (or withdraws) a record; each changed field goes to the change log with the reason.</summary>
[SentBy(Roles.HrClerk, Roles.Admin)]
public sealed record CorrectDiscipline(
    long Id, DisciplineKind Kind, DisciplineBasis Basis, DateOnly DecidedOn, string Reference, bool Withdrawn, string Reason, Actor Actor) : IRequest<DisciplineRecord>;

/// <summary>One person's records, newest first, for HR clerks and the person; the read is recorded.</summary>
[SentBy(Roles.HrClerk, Owner = true)]
public sealed record GetEmployeeDiscipline(string EmployeeNo, Actor Actor) : IRequest<IReadOnlyList<DisciplineRecord>>;

/// <summary>The signed-in employee's own records; recorded.</summary>
[SentBy(Owner = true)]
public sealed record GetMyDiscipline(Actor Actor) : IRequest<IReadOnlyList<DisciplineRecord>>;

/// <summary>Imports a sheet 獎懲 (員工編號, 獎懲種類, 依據, 核定日期, 文號): all rows or none; a row already recorded is left as it is.</summary>
[SentBy(Roles.HrClerk, Roles.Admin)]
public sealed record ImportDiscipline(byte[] Workbook, string FileName, Actor Actor) : IRequest<EmployeeImportResult>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks => [(nameof(Workbook), Workbook)];
}

/// <summary>For the year-end bonus: the records in force (not withdrawn) decided in a year, of the given people.</summary>
[SentBy(Within = true)]
public sealed record GetDisciplineForYear(int Year, IReadOnlyList<long> EmployeeIds) : IRequest<IReadOnlyList<DisciplineRecord>>;
