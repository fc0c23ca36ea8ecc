using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Salary;

/// <summary>The signed-in employee's payslips (<see cref="Actor.EmployeeId"/>) from approved runs, newest first.</summary>
[SentBy(Owner = true)]
public sealed record GetMyPayslips(Actor Actor) : IRequest<IReadOnlyList<PayslipSummary>>;

public sealed record PayslipSummary(long RunId, string Period, RunKind Kind, RunState State, long Gross, long Deductions, long Net);

/// <summary>
/// One payslip with every line explained: the person's own once the run is approved, or anyone's for payroll staff and
/// auditors. Null when not found or not allowed; either way the attempt is in the access ledger.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor, Owner = true)]
public sealed record GetPayslip(long RunId, long EmployeeId, Actor Actor) : IRequest<PayslipView?>;

public sealed record PayslipView(
    long RunId,
    string Period,
    RunKind Kind,
    RunState State,
    long EmployeeId,
    string EmployeeNo,
    string Name,
    string UnitCode,
    int DaysPaid,
    int DaysInPeriod,
    long Gross,
    long Deductions,
    long Net,
    string? Exception,
    IReadOnlyList<PayslipLineView> Lines,
    bool IsTrial = false);

/// <param name="IsEmployerCost">The employer's share of a premium or its 勞退 contribution: shown, never part of gross or net.</param>
public sealed record PayslipLineView(string Code, string Name, bool IsDeduction, long Amount, string Rule, string TableRef, string Inputs, bool IsEmployerCost = false);

/// <summary>The payslip as a PDF kept in the Vault (kind <c>payslip</c>, the person its only subject); its document id, or null as for <see cref="GetPayslip"/>.</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor, Owner = true)]
public sealed record RenderPayslipPdf(long RunId, long EmployeeId, Actor Actor) : IRequest<string?>;
