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

internal sealed class StartPayrollRunHandler(IDbConnectionFactory db, ISender sender, IPublisher publisher, IClock clock, RunPlanner planner)
    : IRequestHandler<StartPayrollRun, RunPlan>
{
    private const string OverlapSql = $"""
        SELECT {RunRow.Columns} FROM salary_run r
        WHERE r.period = @period AND r.kind = @kind AND r.state <> 'Cancelled'
        """;

    private const string InsertSql = """
        INSERT INTO salary_run (period, kind, units, state, version, pending_version, started_by, started_at, reissue_of, pay_date, triggered_by)
        VALUES (@period, @kind, @units, 'Calculating', 0, 1, @actor, @now, @reissueOf, @payDate, @triggeredBy)
        RETURNING id
        """;

    public async ValueTask<RunPlan> Handle(StartPayrollRun request, CancellationToken cancellationToken)
    {
        var period = PayPeriod.Parse(request.Period);
        if ((request.Kind == RunKind.YearEndBonus && period.Month != 12) || (request.Kind == RunKind.PerformanceBonus && period.Month != 1))
        {
            throw new InvalidInputException([new InputError(null, "period",
                request.Kind == RunKind.YearEndBonus ? "a year-end bonus run is for December (yyyy-12)" : "a performance bonus run is for January (yyyy-01), for the previous year's appraisals")]);
        }

        // Paid at the earliest a month before the period begins, at the latest a year after it ends (a bonus paid in February).
        if (request.PayDate is { } payDate && (payDate < period.Start.AddMonths(-1) || payDate > period.End.AddYears(1)))
        {
            throw new InvalidInputException([new InputError(null, "payDate", FormattableString.Invariant(
                $"{payDate:yyyy-MM-dd} is not a pay day for {period}: from {period.Start.AddMonths(-1):yyyy-MM-dd} to {period.End.AddYears(1):yyyy-MM-dd}"))]);
        }

        if (request.TriggeredBy is not null && request.Actor.UserId is not null)
        {
            // A person starting a run is its preparer already; only the schedule's job carries who triggered it.
            throw new InvalidInputException([new InputError(null, "triggeredBy", "only the scheduled job names who triggered it")]);
        }

        var units = request.UnitCodes.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<PayrollMember> people;
        if (request.ReissueOf is { } source)
        {
            await using var read = await db.OpenAsync(cancellationToken);
            var from = await read.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(RunRow.ByIdSql, new { RunId = source }, cancellationToken: cancellationToken));
            if (request.Kind != RunKind.OffCycle || from is null || from.Period != period.ToString() || from.RunState is not (RunState.Paid or RunState.Closed)
                || from.Kind is not (nameof(RunKind.Regular) or nameof(RunKind.OffCycle)))
            {
                throw new InvalidInputException([new InputError(null, "reissueOf",
                    $"a reissue is an off-cycle run of the same month as a paid regular or off-cycle run ({(from is null ? $"no run {source}" : $"run {source} is {from.Kind} {from.Period}, {from.State}")})")]);
            }

            people = (await RunPlanner.ReissuePopulationAsync(sender, source, request.Actor, cancellationToken)).Where(p => units.Count == 0 || units.Contains(p.UnitCode)).ToList();
            if (people.Count == 0)
            {
                throw new InvalidInputException([new InputError(null, "reissueOf", $"run {source} left no one unpaid{(units.Count > 0 ? " in those units" : "")}")]);
            }
        }
        else if (request.Kind == RunKind.Retroactive)
        {
            await using var read = await db.OpenAsync(cancellationToken);
            people = (await planner.RetroPopulationAsync(read, period, cancellationToken)).Where(p => units.Count == 0 || units.Contains(p.UnitCode)).ToList();
        }
        else
        {
            people = await sender.Send(new GetPayrollPopulation(period.Year, period.Month, units, BonusCalculator.LeaversSince(request.Kind, period)), cancellationToken);
        }

        var empty = request.ReissueOf is null ? units.Where(u => !people.Any(p => p.UnitCode == u)).ToList() : [];
        if (people.Count == 0 || empty.Count > 0)
        {
            throw new InvalidInputException([new InputError(null, empty.Count > 0 ? "units" : "period",
                empty.Count > 0 ? $"no one is paid in {period} in unit(s) {string.Join(", ", empty)} (unknown, or nobody employed)"
                : request.Kind == RunKind.Retroactive ? $"no approved regular month to recalculate before {period}" : $"no one is employed in {period}")]);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var kind = request.Kind.ToString();
        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await RunPlanner.GuardAsync(c, tx, period.ToString(), kind, now, cancellationToken);

        // Off-cycle runs may be several a month: the people another run covers are already left out.
        var others = request.Kind == RunKind.OffCycle ? [] : await c.QueryAsync<RunRow>(new CommandDefinition(OverlapSql, new { period = period.ToString(), kind }, tx, cancellationToken: cancellationToken));
        foreach (var other in others)
        {
            var shared = other.UnitCodes.Count == 0 || units.Count == 0 ? null : other.UnitCodes.Intersect(units).ToList();
            if (shared is null || shared.Count > 0)
            {
                throw new ConflictException(FormattableString.Invariant(
                    $"Run {other.Id} ({other.State}) already pays {period} {kind} for {(shared is null ? "the same people" : "unit(s) " + string.Join(", ", shared))}; rerun it, or cancel it first."));
            }
        }

        var covered = await RunPlanner.CoveredElsewhereAsync(c, tx, request.Kind, period.ToString(), 0, request.ReissueOf, cancellationToken);
        people = people.Where(p => !covered.Contains(p.EmployeeId)).ToList();
        if (people.Count == 0)
        {
            throw new ConflictException($"Everyone in scope is already in another run of {period}: nobody is paid twice.");
        }

        var runId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            period = period.ToString(), kind, units = RunRow.JoinUnits(units), actor = request.Actor.Name, now, reissueOf = request.ReissueOf,
            payDate = request.PayDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            triggeredBy = string.IsNullOrWhiteSpace(request.TriggeredBy) ? null : request.TriggeredBy.Trim(),
        }, tx, cancellationToken: cancellationToken));
        var scope = request.ReissueOf is { } reissued ? FormattableString.Invariant($"reissue:{reissued}") : units.Count == 0 ? "all" : "units:" + RunRow.JoinUnits(units);
        var plan = await planner.PlanAsync(c, tx, runId, 1, scope, request.Actor, people.Select(p => (p.EmployeeId, p.UnitCode, p.EmployeeNo)).ToList(), now, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        await publisher.Publish(new PayrollRunPlanned(runId, 1, plan.Chunks), cancellationToken);
        return plan;
    }
}
