using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Salary;

/// <summary>
/// The payroll register (薪資清冊) of a calculated run as a workbook: the given units (none = all), each with its people,
/// masked identifiers and a subtotal, then the total, and a footer naming who made it and when. Kept in the Vault (kind
/// <c>payroll-register</c>, every person in it a subject) and recorded as an export.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record ExportPayrollRegister(long RunId, IReadOnlyList<string> UnitCodes, Actor Actor) : IRequest<RegisterExport>;

/// <summary>The stored register: its document id, its totals (the people paid; exceptions are listed apart), and its bytes.</summary>
public sealed record RegisterExport(string DocumentId, string FileName, RunTotals Totals, byte[] Content, RegisterPhases Phases);

/// <summary>How long each step of an export took: reading the run, writing the workbook, storing it in the Vault.</summary>
public sealed record RegisterPhases(TimeSpan Read, TimeSpan Write, TimeSpan Store);
