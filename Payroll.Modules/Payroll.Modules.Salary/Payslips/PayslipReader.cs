using Payroll.Modules.Contracts.Authorization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Payslips;

/// <summary>Reads one current payslip with its lines, if the actor may see it; records the view or the refusal.</summary>
internal sealed class PayslipReader(IDbConnectionFactory db, ISender sender, PayslipSeal seal)
{
    private static readonly string[] StaffRoles = [Roles.PayrollOperator, Roles.PayrollApprover, Roles.Auditor, Roles.Admin];

    private const string PayslipSql = $"""
        SELECT r.period AS Period, r.kind AS Kind, r.state AS State, {StoredPayslip.WithLines},
               CAST(({Runs.RunRow.UnverifiedTablesSql}) AS BIGINT) AS UnverifiedTables
        FROM salary_payslip p JOIN salary_run r ON r.id = p.run_id
        WHERE p.run_id = @runId AND p.employee_id = @employeeId AND p.is_current
        """;

    public async Task<PayslipView?> ReadAsync(long runId, long employeeId, Actor actor, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var slip = await c.QuerySingleOrDefaultAsync<SlipRow>(new CommandDefinition(PayslipSql, new { runId, employeeId }, cancellationToken: ct));
        var own = actor.EmployeeId == employeeId;
        var staff = actor.Roles.Any(StaffRoles.Contains);
        var released = slip?.State is "Approved" or "Paid" or "Closed";
        var resource = $"/payroll/runs/{runId}/payslips/{employeeId}";
        if (slip is null || !((own && released) || staff))
        {
            await sender.Send(new RecordAccess(actor, AccessAction.View, null, resource, [], ["salary"], AccessOutcome.Refused, slip is null ? "no such payslip" : "not the person's own approved payslip"), ct);
            return null;
        }

        var period = PayPeriod.Parse(slip.Period);
        var identity = (await sender.Send(new GetPayrollIdentities(period.Year, period.Month, [employeeId]), ct)).SingleOrDefault();
        var figures = slip.OpenFigures(seal);
        var lines = slip.OpenLines(seal).OrderBy(l => l.Kind == LineKind.Employer); // the employer's after the person's own
        await sender.Send(new RecordAccess(actor, AccessAction.View, null, resource, [employeeId], ["name", "salary"], AccessOutcome.Allowed), ct);
        return new PayslipView(
            runId, slip.Period, Enum.Parse<RunKind>(slip.Kind), Enum.Parse<RunState>(slip.State), employeeId, slip.EmployeeNo, identity?.Name ?? "", slip.UnitCode,
            figures.DaysPaid, figures.DaysInPeriod, figures.Gross, figures.Deductions, figures.Net, figures.Exception,
            lines.Select(l => new PayslipLineView(
                l.Code, PayCodes.Name(l.Code), PayCodes.KindOf(l.Code) == LineKind.Deduction, l.Amount, l.Rule, l.TableRef, l.Inputs, PayCodes.KindOf(l.Code) == LineKind.Employer)).ToList(),
            slip.UnverifiedTables > 0);
    }

    private sealed class SlipRow : StoredPayslip
    {
        public string Period { get; init; } = "";

        public string Kind { get; init; } = "";

        public string State { get; init; } = "";

        public long UnverifiedTables { get; init; }
    }
}
