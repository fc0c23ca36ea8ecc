using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>考績 grades: 甲 (bonus one month), 乙 (half a month), 丙 and 丁 (none).</summary>
public enum AppraisalGrade
{
    Jia,
    Yi,
    Bing,
    Ding,
}

/// <summary>Records (or corrects) a person's appraisal for a year; a correction is written to the change log.</summary>
[SentBy(Roles.HrClerk)]
public sealed record SaveAppraisal(string EmployeeNo, int Year, AppraisalGrade Grade, DateOnly DecidedOn, Actor Actor) : IRequest<long>;

/// <summary>For bonus runs: the appraisals of a year (of the given people, or everyone).</summary>
[SentBy(Within = true)]
public sealed record GetAppraisals(int Year, IReadOnlyList<long> EmployeeIds) : IRequest<IReadOnlyList<Appraisal>>;

public sealed record Appraisal(long EmployeeId, int Year, AppraisalGrade Grade, DateOnly DecidedOn);

/// <summary>One person's appraisals, for HR clerks and the person; the read is recorded.</summary>
[SentBy(Roles.HrClerk, Owner = true)]
public sealed record GetEmployeeAppraisals(string EmployeeNo, Actor Actor) : IRequest<IReadOnlyList<Appraisal>>;

/// <summary>Imports a sheet 考績 (員工編號, 年度, 考績等第, 核定日期): all rows or none, problems by row and column.</summary>
[SentBy(Roles.HrClerk)]
public sealed record ImportAppraisals(byte[] Workbook, string FileName, Actor Actor) : IRequest<EmployeeImportResult>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks => [(nameof(Workbook), Workbook)];
}

/// <summary>The signed-in employee's own appraisals (their <see cref="Actor.EmployeeId"/>); recorded.</summary>
[SentBy(Owner = true)]
public sealed record GetMyAppraisals(Actor Actor) : IRequest<IReadOnlyList<Appraisal>>;
