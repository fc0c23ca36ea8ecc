using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// A new version of a calculated run for all of it, some units or one person. It covers the people Personnel pays in that
/// scope now and the people the run currently pays there (so someone who left loses their earlier result).
/// </summary>
internal sealed class RerunPayrollHandler(IDbConnectionFactory db, ISender sender, IPublisher publisher, IClock clock, RunPlanner planner)
    : IRequestHandler<RerunPayroll, RunPlan>
{
    private const string CurrentSql = """
        SELECT employee_id AS EmployeeId, unit_code AS UnitCode, employee_no AS EmployeeNo
        FROM salary_payslip WHERE run_id = @RunId AND is_current
        """;

    private const string ClaimSql = """
        UPDATE salary_run SET state = 'Calculating', pending_version = @version
        WHERE id = @RunId AND state = 'Calculated' AND pending_version IS NULL AND version = @current
        """;

    private const string NextVersionSql = "SELECT COALESCE(MAX(version), 0) + 1 FROM salary_run_version WHERE run_id = @RunId";

    public async ValueTask<RunPlan> Handle(RerunPayroll request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var run = await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(RunRow.ByIdSql, new { request.RunId }, cancellationToken: cancellationToken))
            ?? throw new NotFoundException("payroll run", request.RunId);
        if (run.RunState != RunState.Calculated)
        {
            throw new ConflictException($"Run {run.Id} is {run.State}: only a calculated run that is not approved can be rerun.");
        }

        var period = PayPeriod.Parse(run.Period);
        var units = request.UnitCodes.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var outside = run.UnitCodes.Count == 0 ? [] : units.Except(run.UnitCodes).ToList();
        if (outside.Count > 0)
        {
            throw new InvalidInputException([new InputError(null, "units", $"run {run.Id} does not cover unit(s) {string.Join(", ", outside)}")]);
        }

        IReadOnlyList<PayrollMember> paid;
        string scope;
        long? personId = null;
        if (request.EmployeeNo is { Length: > 0 } no)
        {
            personId = await sender.Send(new FindEmployee(no.Trim()), cancellationToken)
                ?? throw new InvalidInputException([new InputError(null, "employeeNo", $"no person with employee number {no}")]);
            paid = (await sender.Send(new GetEmployeesForPayroll(period.Year, period.Month, [], request.Actor, [personId.Value], BonusCalculator.LeaversSince(Enum.Parse<RunKind>(run.Kind), period)), cancellationToken))
                .Where(p => run.UnitCodes.Count == 0 || run.UnitCodes.Contains(p.UnitCode)).Select(p => new PayrollMember(p.EmployeeId, p.EmployeeNo, p.UnitCode)).ToList();
            scope = "person:" + no.Trim();
        }
        else
        {
            var scopeUnits = units.Count > 0 ? units : run.UnitCodes;
            paid = run.Kind == nameof(RunKind.Retroactive)
                ? (await planner.RetroPopulationAsync(c, period, cancellationToken)).Where(p => scopeUnits.Count == 0 || scopeUnits.Contains(p.UnitCode)).ToList()
                : run.ReissueOf is { } source
                ? (await RunPlanner.ReissuePopulationAsync(sender, source, request.Actor, cancellationToken)).Where(p => scopeUnits.Count == 0 || scopeUnits.Contains(p.UnitCode)).ToList()
                : await sender.Send(new GetPayrollPopulation(period.Year, period.Month, scopeUnits, BonusCalculator.LeaversSince(Enum.Parse<RunKind>(run.Kind), period)), cancellationToken);
            scope = units.Count == 0 ? "all" : "units:" + RunRow.JoinUnits(units);
        }

        var current = (await c.QueryAsync<(long EmployeeId, string UnitCode, string EmployeeNo)>(new CommandDefinition(CurrentSql, new { request.RunId }, cancellationToken: cancellationToken)))
            .Where(p => personId is { } id ? p.EmployeeId == id : units.Count == 0 || units.Contains(p.UnitCode));
        var people = paid.Select(p => (p.EmployeeId, p.UnitCode, p.EmployeeNo)).Concat(current).ToList();
        if (people.Count == 0)
        {
            throw new InvalidInputException([new InputError(null, "scope", $"run {run.Id} has no one in {scope} to calculate")]);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await RunPlanner.GuardAsync(c, tx, run.Period, run.Kind, now, cancellationToken);
        var version = await c.ExecuteScalarAsync<int>(new CommandDefinition(NextVersionSql, new { request.RunId }, tx, cancellationToken: cancellationToken));
        if (await c.ExecuteAsync(new CommandDefinition(ClaimSql, new { request.RunId, version, current = run.Version }, tx, cancellationToken: cancellationToken)) != 1)
        {
            throw new ConflictException($"Run {run.Id} changed meanwhile (approved, cancelled or already being rerun).");
        }

        var covered = await RunPlanner.CoveredElsewhereAsync(c, tx, Enum.Parse<RunKind>(run.Kind), run.Period, run.Id, run.ReissueOf, cancellationToken);
        var plan = await planner.PlanAsync(c, tx, run.Id, version, scope, request.Actor, people.Where(p => !covered.Contains(p.EmployeeId)).ToList(), now, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        await publisher.Publish(new PayrollRunPlanned(run.Id, version, plan.Chunks), cancellationToken);
        return plan;
    }
}
