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
internal sealed class PayslipReader(IDbConnectionFactory db, ISender sender)
{
    private static readonly string[] StaffRoles = [Roles.PayrollOperator, Roles.PayrollApprover, Roles.Auditor, Roles.Admin];

    private const string PayslipSql = $"""
        SELECT r.period AS Period, r.kind AS Kind, r.state AS State, p.version AS Version, p.employee_no AS EmployeeNo, p.unit_code AS UnitCode,
               p.days_paid AS DaysPaid, p.days_in_period AS DaysInPeriod, p.gross AS Gross, p.deductions AS Deductions, p.net AS Net, p.exception AS Exception,
               CAST(({Runs.RunRow.UnverifiedTablesSql}) AS BIGINT) AS UnverifiedTables, p.employer_lines AS EmployerLines
        FROM salary_payslip p JOIN salary_run r ON r.id = p.run_id
        WHERE p.run_id = @runId AND p.employee_id = @employeeId AND p.is_current
        """;

    private const string LinesSql = """
        SELECT code AS Code, amount AS Amount, rule AS Rule, table_ref AS TableRef, inputs AS Inputs
        FROM salary_payslip_line WHERE run_id = @runId AND employee_id = @employeeId AND version = @version
        ORDER BY line_no
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
        var lines = (await c.QueryAsync<(string Code, long Amount, string Rule, string TableRef, string Inputs)>(
                new CommandDefinition(LinesSql, new { runId, employeeId, version = slip.Version }, cancellationToken: ct)))
            .Concat(Calculation.EmployerLines.Unpack(slip.EmployerLines).Select(l => (l.Code, l.Amount, l.Rule, l.TableRef, l.Inputs)));
        await sender.Send(new RecordAccess(actor, AccessAction.View, null, resource, [employeeId], ["name", "salary"], AccessOutcome.Allowed), ct);
        return new PayslipView(
            runId, slip.Period, Enum.Parse<RunKind>(slip.Kind), Enum.Parse<RunState>(slip.State), employeeId, slip.EmployeeNo, identity?.Name ?? "", slip.UnitCode,
            (int)slip.DaysPaid, (int)slip.DaysInPeriod, slip.Gross, slip.Deductions, slip.Net, slip.Exception,
            lines.Select(l => new PayslipLineView(
                l.Code, PayCodes.Name(l.Code), PayCodes.KindOf(l.Code) == LineKind.Deduction, l.Amount, l.Rule, l.TableRef, l.Inputs, PayCodes.KindOf(l.Code) == LineKind.Employer)).ToList(),
            slip.UnverifiedTables > 0);
    }

    private sealed class SlipRow
    {
        public string Period { get; init; } = "";

        public string Kind { get; init; } = "";

        public string State { get; init; } = "";

        public string? EmployerLines { get; init; }

        public long Version { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public long DaysPaid { get; init; }

        public long DaysInPeriod { get; init; }

        public long Gross { get; init; }

        public long Deductions { get; init; }

        public long Net { get; init; }

        public string? Exception { get; init; }

        public long UnverifiedTables { get; init; }
    }
}
