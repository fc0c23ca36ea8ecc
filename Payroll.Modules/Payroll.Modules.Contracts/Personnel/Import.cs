using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>
/// Imports people from the Excel template: every row is checked first; if any fails, nothing is applied and every
/// problem is listed by row and column. A clean file is applied in one transaction as an upsert by employee number:
/// a changed person gets a new version from <see cref="EffectiveFrom"/>, an unchanged one nothing. New people and
/// changes that move money (or a backdated file) become pending changes of one batch, for a second HR clerk.
/// </summary>
[SentBy(Roles.HrClerk, Systems = [SystemActors.Benchmark])]
public sealed record ImportEmployees(byte[] Workbook, string FileName, DateOnly EffectiveFrom, Actor Actor) : IRequest<EmployeeImportResult>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks => [(nameof(Workbook), Workbook)];
}

/// <param name="Pending">Rows that wait for a second HR clerk (new people, changes to what moves money, a backdated file), all under <paramref name="Batch"/>.</param>
public sealed record EmployeeImportResult(int Rows, int Created, int Changed, int Unchanged, IReadOnlyList<ImportProblem> Problems, int Pending = 0, string? Batch = null)
{
    public bool Applied => Problems.Count == 0;
}

/// <summary>One problem: the sheet row (as Excel numbers it; 0 for the file as a whole), the column heading, what is wrong.</summary>
public sealed record ImportProblem(int Row, string Column, string Message);

/// <summary>The import template: Chinese headings, drop-down lists for coded columns, and an instructions sheet.</summary>
[SentBy(Roles.HrClerk, Roles.Admin, Systems = [SystemActors.Benchmark])]
public sealed record GetEmployeeImportTemplate(Actor Actor) : IRequest<byte[]>;
