using Dapper;
using Microsoft.Extensions.Options;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Payslips;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// A run with its totals per unit, its exceptions and the checks against the previous month's regular run. Exceptions
/// and checks name people (by employee number), so showing them is recorded in the access ledger.
/// </summary>
internal sealed class GetPayrollRunHandler(IDbConnectionFactory db, ISender sender, IOptions<SalaryOptions> options, PayslipSeal seal) : IRequestHandler<GetPayrollRun, PayrollRunDetail?>
{
    /// <summary>A unit whose gross moved by more than this share from the previous month is flagged.</summary>
    public const decimal GrossChangeLimit = 0.10m;

    /// <summary>The check naming a person whose account or pay-relevant data changed, with its maker and approver.</summary>
    public const string PersonnelChangeCheck = "personnel-change";

    private const string PreviousSql = """
        SELECT id AS Id, started_at AS StartedAt FROM salary_run
        WHERE period = @period AND kind = 'Regular' AND state IN ('Calculated', 'Approved', 'Paid', 'Closed')
        ORDER BY id DESC
        LIMIT 1
        """;

    // The totals per unit, counted when the version was published (no person's amount is in clear).
    private const string UnitsSql = """
        SELECT unit_code AS UnitCode, people AS People, gross AS Gross, deductions AS Deductions, net AS Net, exceptions AS Exceptions
        FROM salary_run_unit WHERE run_id = @runId
        """;

    // The people the checks name, by the payslip's flags; their figures are opened to say what is wrong.
    private const string ExceptionsSql = $"""
        SELECT {StoredPayslip.Columns}
        FROM salary_payslip p WHERE p.run_id = @RunId AND p.is_current AND p.excepted
        ORDER BY p.unit_code, p.employee_no
        """;

    private const string NotPositiveSql = $"""
        SELECT {StoredPayslip.Columns}
        FROM salary_payslip p WHERE p.run_id = @RunId AND p.is_current AND NOT p.excepted AND p.net_not_positive
        ORDER BY p.unit_code, p.employee_no
        """;

    // People in one run and not in the other (by the current results of each).
    private const string OnlyInSql = """
        SELECT a.employee_id AS EmployeeId, a.employee_no AS EmployeeNo, a.unit_code AS UnitCode
        FROM salary_payslip a
        WHERE a.run_id = @one AND a.is_current
          AND NOT EXISTS (SELECT 1 FROM salary_payslip b WHERE b.run_id = @other AND b.is_current AND b.employee_id = a.employee_id)
        ORDER BY a.unit_code, a.employee_no
        """;

    private const string PaidSql = "SELECT employee_id, unit_code FROM salary_payslip WHERE run_id = @runId AND is_current";

    private const string VersionsSql = """
        SELECT v.version AS Version, v.scope AS Scope, v.requested_by AS RequestedBy, v.requested_at AS RequestedAt, v.completed_at AS CompletedAt,
               (SELECT COUNT(*) FROM salary_run_member m WHERE m.run_id = v.run_id AND m.version = v.version) AS People
        FROM salary_run_version v WHERE v.run_id = @RunId ORDER BY v.version
        """;

    public async ValueTask<PayrollRunDetail?> Handle(GetPayrollRun request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        if (await GetPayrollRunSummaryHandler.LoadAsync(c, request.RunId, cancellationToken) is not { } summary)
        {
            return null;
        }

        var run = summary;
        var versions = (await c.QueryAsync<VersionRow>(new CommandDefinition(VersionsSql, request, cancellationToken: cancellationToken)))
            .Select(v => new RunVersionInfo((int)v.Version, v.Scope, v.RequestedBy, RunRow.At(v.RequestedAt)!.Value, RunRow.At(v.CompletedAt), (int)v.People))
            .ToList();
        if (run.Version == 0)
        {
            // Nothing published yet: the first version's chunks are still being calculated.
            return new PayrollRunDetail(summary, [], [], [], null, versions, GrossChangeLimit, await RunTables.LoadAsync(c, null, run.RunId, cancellationToken), options.Value.AllowUnverifiedTables);
        }

        var period = Calculation.PayPeriod.Parse(run.Period);
        var previousRun = await c.QuerySingleOrDefaultAsync<PreviousRow>(new CommandDefinition(PreviousSql, new { period = period.Previous.ToString() }, cancellationToken: cancellationToken));
        var previousId = previousRun?.Id;

        var units = (await c.QueryAsync<UnitTotalsRow>(new CommandDefinition(UnitsSql, new { runId = run.RunId }, cancellationToken: cancellationToken))).ToDictionary(u => u.UnitCode);
        var previous = previousId is { } p
            ? (await c.QueryAsync<UnitTotalsRow>(new CommandDefinition(UnitsSql, new { runId = p }, cancellationToken: cancellationToken))).ToDictionary(u => u.UnitCode)
            : [];
        var unitTotals = units.Values.OrderBy(u => u.UnitCode, StringComparer.Ordinal).Select(u => new UnitTotals(
                u.UnitCode, new RunTotals((int)u.People, u.Gross, u.Deductions, u.Net, (int)u.Exceptions),
                previous.TryGetValue(u.UnitCode, out var before) && before.People > 0 ? before.Gross : null))
            .ToList();

        var named = new List<long>();
        var exceptions = (await c.QueryAsync<StoredPayslip>(new CommandDefinition(ExceptionsSql, request, cancellationToken: cancellationToken)))
            .Select(e => new RunException(e.EmployeeId, e.EmployeeNo, e.UnitCode, e.OpenFigures(seal).Exception ?? "")).ToList();
        named.AddRange(exceptions.Select(e => e.EmployeeId));
        var checks = new List<VarianceCheck>();
        foreach (var u in unitTotals.Where(u => u.PreviousGross is > 0 && Math.Abs(u.Totals.Gross - u.PreviousGross.Value) > u.PreviousGross.Value * GrossChangeLimit))
        {
            checks.Add(new VarianceCheck("gross-change", u.UnitCode, null, FormattableString.Invariant($"{u.PreviousGross:N0} → {u.Totals.Gross:N0} ({(u.Totals.Gross - u.PreviousGross!.Value) * 100m / u.PreviousGross.Value:+0.0;-0.0}%)")));
        }

        foreach (var n in await c.QueryAsync<StoredPayslip>(new CommandDefinition(NotPositiveSql, request, cancellationToken: cancellationToken)))
        {
            named.Add(n.EmployeeId);
            checks.Add(new VarianceCheck("net-not-positive", n.UnitCode, n.EmployeeNo, FormattableString.Invariant($"net {n.OpenFigures(seal).Net:N0}")));
        }

        if (previousId is { } prev)
        {
            // A run of some units is compared with the previous month in those units only (not everyone else as missing).
            var scope = run.UnitCodes.ToHashSet(StringComparer.Ordinal);
            foreach (var (kind, one, other) in new[] { ("new-person", run.RunId, prev), ("missing-person", prev, run.RunId) })
            {
                foreach (var person in (await c.QueryAsync<PersonRow>(new CommandDefinition(OnlyInSql, new { one, other }, cancellationToken: cancellationToken)))
                             .Where(p => scope.Count == 0 || scope.Contains(p.UnitCode)))
                {
                    named.Add(person.EmployeeId);
                    checks.Add(new VarianceCheck(kind, person.UnitCode, person.EmployeeNo, kind == "new-person" ? $"not in run {prev}" : $"in run {prev}, not in this run"));
                }
            }
        }

        // Four eyes on personnel data: the approver sees every person paid here whose account or pay-relevant data changed
        // since the previous run started (or takes effect in this period), with who entered and who approved it.
        var changes = await sender.Send(new GetPayRelevantChanges(
            previousRun is { } before ? DateTimeOffset.FromUnixTimeMilliseconds(before.StartedAt) : null, period.Start, period.End), cancellationToken);
        if (changes.Count > 0)
        {
            var paid = (await c.QueryAsync<(long EmployeeId, string UnitCode)>(new CommandDefinition(PaidSql, new { runId = run.RunId }, cancellationToken: cancellationToken)))
                .ToDictionary(p => p.EmployeeId, p => p.UnitCode);
            foreach (var change in changes.Where(x => paid.ContainsKey(x.EmployeeId)))
            {
                named.Add(change.EmployeeId);
                checks.Add(new VarianceCheck(PersonnelChangeCheck, paid[change.EmployeeId], change.EmployeeNo, FormattableString.Invariant(
                    $"{string.Join(", ", change.Fields)} from {change.EffectiveFrom:yyyy-MM-dd}; entered by {change.MadeBy}, {(change.ApprovedBy is { } approver ? "approved by " + approver : "no second approval needed")}")));
            }
        }

        if (named.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, $"/payroll/runs/{run.RunId}", named.Distinct().ToList(), ["payroll-exceptions"], AccessOutcome.Allowed), cancellationToken);
        }

        return new PayrollRunDetail(
            summary, unitTotals, exceptions, checks, previousId, versions,
            GrossChangeLimit, await RunTables.LoadAsync(c, null, run.RunId, cancellationToken), options.Value.AllowUnverifiedTables);
    }

    private sealed class PersonRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

    }

    private sealed record PreviousRow(long Id, long StartedAt);

    private sealed record VersionRow(long Version, string Scope, string RequestedBy, long RequestedAt, long? CompletedAt, long People);
}
