using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Deductions;
using Payroll.Modules.Salary.Payslips;
using Payroll.Modules.Salary.Tables;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// Calculates one chunk: claims it (a lease), reads its people and the tables in force, computes every payslip and writes
/// them with their lines and the chunk's completion in one transaction. Safe to repeat: a chunk done or held by another
/// worker is left alone, and the primary keys refuse a second copy of anyone's result.
/// </summary>
internal sealed class CalculatePayrollChunkHandler(
    IDbConnectionFactory db, ISender sender, IClock clock, IOptions<SalaryOptions> options, RunCompletion completion, PayslipSeal seal, DeductionSeal deductions,
    ILogger<CalculatePayrollChunkHandler> logger)
    : IRequestHandler<CalculatePayrollChunk, ChunkOutcome>
{
    private const string ClaimSql = """
        UPDATE salary_run_chunk SET claimed_until = @until, attempts = attempts + 1
        WHERE run_id = @RunId AND version = @Version AND chunk_no = @ChunkNo AND state = 'Pending'
          AND (claimed_until IS NULL OR claimed_until < @now)
          AND EXISTS (SELECT 1 FROM salary_run r WHERE r.id = @RunId AND r.state = 'Calculating' AND r.pending_version = @Version)
        """;

    // Only this worker's own lease: the same expiry it claimed with, on a chunk still pending.
    private const string ReleaseSql = """
        UPDATE salary_run_chunk SET claimed_until = NULL
        WHERE run_id = @RunId AND version = @Version AND chunk_no = @ChunkNo AND state = 'Pending' AND claimed_until = @until
        """;

    private const string RunSql = "SELECT period AS Period, kind AS Kind, pay_date AS PayDate FROM salary_run WHERE id = @RunId";

    // Bonuses the chunk's people were already paid in the calendar year of this run's pay day, by other runs, each counted
    // in the year it is paid (the supplementary premium's base).
    // (their payslips, whose YEB and PFB lines are summed once opened).
    private const string EarlierBonusesSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_run r
        JOIN salary_payslip p ON p.run_id = r.id AND p.is_current
        WHERE r.kind IN ('YearEndBonus', 'PerformanceBonus') AND r.state <> 'Cancelled' AND r.id <> @exclude
          AND SUBSTR(COALESCE(r.pay_date, r.period || '-01'), 1, 4) = @year
          AND p.employee_id IN (SELECT m.employee_id FROM salary_run_member m WHERE m.run_id = @RunId AND m.version = @Version AND m.chunk_no = @ChunkNo)
        """;

    private const string MembersSql = "SELECT employee_id FROM salary_run_member WHERE run_id = @RunId AND version = @Version AND chunk_no = @ChunkNo";

    private const string StandingSql = """
        SELECT d.id AS Id, d.employee_id AS EmployeeId, d.kind AS Kind, d.label AS Label, d.terms AS Terms, d.reference AS Reference,
               d.order_date AS OrderDate, d.share_numerator AS ShareNumerator, d.share_denominator AS ShareDenominator,
               d.household AS Household
        FROM salary_standing_deduction d
        JOIN salary_run_member m ON m.employee_id = d.employee_id
        WHERE m.run_id = @RunId AND m.version = @Version AND m.chunk_no = @ChunkNo
          AND d.from_period <= @period AND (d.to_period IS NULL OR d.to_period >= @period)
        """;

    // What approved runs withheld so far under each garnishment order of the given people (the order's balance is its
    // debt less this): their payslips, whose GARN lines are summed once opened.
    private const string WithheldSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_run r
        JOIN salary_payslip p ON p.run_id = r.id AND p.is_current
        WHERE r.state IN ('Approved', 'Paid', 'Closed') AND r.id <> @RunId AND p.employee_id IN {SqlDialect.IdSetMarker}
        """;

    // What was paid for the months in the window: the chunk's people's approved regular and bonus payslips of those
    // months, and approved differences (in later retroactive runs) whose lines name those months.
    private const string PaidWindow = """
        r.state IN ('Approved', 'Paid', 'Closed') AND r.id <> @RunId
          AND ((r.kind IN ('Regular', 'YearEndBonus', 'PerformanceBonus') AND r.period >= @from AND r.period < @to)
               OR (r.kind = 'Retroactive' AND r.period > @from AND r.period <= @to))
          AND p.employee_id IN (SELECT m.employee_id FROM salary_run_member m WHERE m.run_id = @RunId AND m.version = @Version AND m.chunk_no = @ChunkNo)
        """;

    // Their payslips, with the run each belongs to; every line, the employer's too, is in the sealed lines.
    private const string PaidSql = $"""
        SELECT {StoredPayslip.WithLines}, r.kind AS Kind, r.period AS Period, r.pay_date AS PayDate
        FROM salary_run r
        JOIN salary_payslip p ON p.run_id = r.id AND p.is_current
        WHERE {PaidWindow}
        """;

    // A rerun compares with the results in force: the chunk's people's current payslips.
    private const string CurrentSlipsSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_run_member m CROSS JOIN salary_payslip p
        WHERE m.run_id = @RunId AND m.version = @Version AND m.chunk_no = @ChunkNo
          AND p.run_id = m.run_id AND p.employee_id = m.employee_id AND p.is_current
        """;

    private const string OutcomeSql = "UPDATE salary_run_member SET outcome = @outcome WHERE run_id = @RunId AND version = @Version AND employee_id IN " + SqlDialect.IdSetMarker;

    // Which versions of the reference tables the chunk read: the run's list of them, and the approval's check of unverified ones.
    private const string TableReadSql = """
        INSERT INTO salary_run_table (run_id, version, table_id) VALUES (@RunId, @Version, @tableId)
        ON CONFLICT (run_id, version, table_id) DO NOTHING
        """;

    private const string DoneSql = """
        UPDATE salary_run_chunk SET state = 'Done', done_at = @now, claimed_until = NULL
        WHERE run_id = @RunId AND version = @Version AND chunk_no = @ChunkNo AND state = 'Pending'
        """;

    private static readonly string[] PayslipColumns =
        ["run_id", "version", "employee_id", "employee_no", "unit_code", "is_current", "excepted", "net_not_positive", "figures", "lines"];

    public async ValueTask<ChunkOutcome> Handle(CalculatePayrollChunk request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var c = await db.OpenAsync(cancellationToken);
        var until = (now + options.Value.ChunkLease).ToUnixTimeMilliseconds();
        var claimed = await c.ExecuteAsync(new CommandDefinition(
            ClaimSql, new { request.RunId, request.Version, request.ChunkNo, until, now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        if (claimed == 0)
        {
            return new ChunkOutcome(false, await completion.TryCompleteAsync(request.RunId, request.Version, cancellationToken));
        }

        try
        {
            return await CalculateClaimedAsync(c, request, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException || DatabaseOutage.IsOutage(e))
        {
            // Shutting down (SIGTERM) or cut off from the database: nothing of this chunk was committed. The lease is given
            // back at once, so another worker takes the chunk now rather than when the lease runs out; if the database
            // cannot be reached to give it back, the lease runs out by itself.
            logger.LogWarning("Chunk {ChunkNo} of run {RunId} v{Version} given up ({Reason}); left for another worker",
                request.ChunkNo, request.RunId, request.Version, e is OperationCanceledException ? "shutting down" : "database unreachable");
            if (e is not OperationCanceledException)
            {
                db.ClearPool();
            }

            await ReleaseAsync(request, until);
            throw;
        }
    }

    private async Task ReleaseAsync(CalculatePayrollChunk request, long until)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var c = await db.OpenAsync(timeout.Token);
            await c.ExecuteAsync(new CommandDefinition(ReleaseSql, new { request.RunId, request.Version, request.ChunkNo, until }, cancellationToken: timeout.Token));
        }
        catch (Exception e) when (e is OperationCanceledException || DatabaseOutage.IsOutage(e))
        {
            logger.LogWarning("Chunk {ChunkNo} of run {RunId}: the lease could not be given back; it runs out by itself", request.ChunkNo, request.RunId);
        }
    }

    private async Task<ChunkOutcome> CalculateClaimedAsync(System.Data.Common.DbConnection c, CalculatePayrollChunk request, CancellationToken cancellationToken)
    {
        var run = await c.QuerySingleAsync<(string Period, string Kind, string? PayDate)>(new CommandDefinition(RunSql, request, cancellationToken: cancellationToken));
        var period = PayPeriod.Parse(run.Period);
        var payDay = run.PayDate is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : period.Start;
        var kind = Enum.Parse<RunKind>(run.Kind);
        var ids = (await c.QueryAsync<long>(new CommandDefinition(MembersSql, request, cancellationToken: cancellationToken))).ToList();
        var people = await sender.Send(new GetEmployeesForPayroll(period.Year, period.Month, [], request.Actor, ids, BonusCalculator.LeaversSince(kind, period)), cancellationToken);
        var tables = await TableSet.LoadAsync(c, period.End, cancellationToken);

        // Withholding and the supplementary premium follow the pay day: the tax year, and the tables in force then.
        var taxTables = payDay.Year == period.End.Year && payDay <= period.End ? tables : await TableSet.LoadAsync(c, payDay, cancellationToken);
        var standingRows = (await c.QueryAsync<StandingRow>(new CommandDefinition(StandingSql, new { request.RunId, request.Version, request.ChunkNo, period = period.ToString() }, cancellationToken: cancellationToken)))
            .Select(r => r.Open(deductions)).ToList();
        var withheld = await WithheldAsync(c, request.RunId, standingRows, cancellationToken);
        var standing = standingRows.ToLookup(s => s.EmployeeId, s => s.ToDeduction(withheld));

        // A first version is published by the run's state alone; a rerun's results replace the current ones at completion.
        var isCurrent = request.Version == 1;
        IEnumerable<TableSet> extraTables = [taxTables];
        Func<PayrollEmployee, PayResult?> calculate = p => PayCalculator.Calculate(p, period, tables, standing[p.EmployeeId].ToList(), taxTables);
        if (kind is RunKind.YearEndBonus or RunKind.PerformanceBonus)
        {
            var garnishments = standing.ToDictionary(g => g.Key, g => (IReadOnlyList<StandingDeduction>)g.Where(d => d.Kind == StandingDeductionKind.Garnishment).ToList());
            (calculate, extraTables) = await BonusAsync(c, request, kind, period, tables, taxTables, payDay, ids, people, garnishments, request.RunId, cancellationToken);
        }

        var read = new HashSet<long>();
        var results = kind == RunKind.Retroactive
            ? await RetroactiveAsync(c, request, period, ids, people, read, standing, tables, cancellationToken)
            : people.Select(p => (Person: p, Pay: calculate(p))).Where(r => r.Pay is not null).ToList();
        read.UnionWith(tables.Read);
        foreach (var set in extraTables)
        {
            read.UnionWith(set.Read);
        }

        // A rerun writes only the results that differ from those in force; the others stand, marked unchanged.
        var unchanged = new List<long>();
        var unpaid = new List<long>();
        if (!isCurrent)
        {
            var current = await CurrentAsync(c, request, cancellationToken);
            var paidNow = results.Select(r => r.Person.EmployeeId).ToHashSet();
            unpaid.AddRange(ids.Where(id => !paidNow.Contains(id)));
            unchanged.AddRange(results.Where(r => current.TryGetValue(r.Person.EmployeeId, out var slip) && Same(slip, r.Person, r.Pay!)).Select(r => r.Person.EmployeeId));
            var same = unchanged.ToHashSet();
            results = results.Where(r => !same.Contains(r.Person.EmployeeId)).ToList();
        }

        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var (outcome, who) in new[] { ("unchanged", unchanged), ("unpaid", unpaid) }.Where(o => o.Item2.Count > 0))
        {
            await c.ExecuteAsync(new CommandDefinition(
                SqlDialect.WithIdSet(OutcomeSql, db.Provider), new { outcome, request.RunId, request.Version, ids = SqlDialect.IdSetValue(db.Provider, who) }, tx, cancellationToken: cancellationToken));
        }

        foreach (var tableId in read)
        {
            await c.ExecuteAsync(new CommandDefinition(TableReadSql, new { request.RunId, request.Version, tableId }, tx, cancellationToken: cancellationToken));
        }

        // One row per payslip, its figures and lines sealed to it (ADR 0006).
        await BulkInsert.RunAsync(c, tx, PayslipSeal.Table, PayslipColumns, results.Select(r => new object?[]
        {
            request.RunId, (long)request.Version, r.Person.EmployeeId, r.Person.EmployeeNo, r.Person.UnitCode, isCurrent, r.Pay!.Exception is not null,
            r.Pay.Exception is null && r.Pay.Net <= 0, seal.SealFigures(PayslipFigures.Of(r.Pay), request.RunId, request.Version, r.Person.EmployeeId),
            seal.SealLines((IReadOnlyCollection<PayLine>)r.Pay.Lines, request.RunId, request.Version, r.Person.EmployeeId),
        }), cancellationToken);
        if (await c.ExecuteAsync(new CommandDefinition(DoneSql, new { request.RunId, request.Version, request.ChunkNo, now = clock.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: cancellationToken)) != 1)
        {
            // Another worker finished it first (this one's lease ran out): keep theirs.
            await tx.RollbackAsync(cancellationToken);
            return new ChunkOutcome(false, false);
        }

        await tx.CommitAsync(cancellationToken);
        return new ChunkOutcome(true, await completion.TryCompleteAsync(request.RunId, request.Version, cancellationToken));
    }

    /// <summary>
    /// How a bonus run pays each person, and the table sets it reads: the appraisal of the year the bonus rewards, the
    /// year's 獎懲 (year-end), the bonuses paid earlier in the pay day's year by runs other than <paramref name="excludeRunId"/>,
    /// a leaver's last month's tables, and the pay day's tables for the withholding.
    /// </summary>
    private async Task<(Func<PayrollEmployee, PayResult?> Calculate, IEnumerable<TableSet> Tables)> BonusAsync(
        System.Data.Common.DbConnection c, CalculatePayrollChunk request, RunKind kind, PayPeriod period, TableSet tables, TableSet taxTables, DateOnly payDay,
        List<long> ids, IReadOnlyList<PayrollEmployee> people, Dictionary<long, IReadOnlyList<StandingDeduction>> garnishments, long excludeRunId, CancellationToken ct)
    {
        // Year-end: that year's appraisal when recorded; performance: the previous year's, which it rewards.
        var appraisalYear = kind == RunKind.YearEndBonus ? period.Year : period.Year - 1;
        var appraisals = (await sender.Send(new GetAppraisals(appraisalYear, ids), ct)).ToDictionary(a => a.EmployeeId, a => a.Grade);
        var earlier = (await c.QueryAsync<StoredPayslip>(new CommandDefinition(
                EarlierBonusesSql, new { request.RunId, request.Version, request.ChunkNo, exclude = excludeRunId, year = payDay.Year.ToString("0000", System.Globalization.CultureInfo.InvariantCulture) },
                cancellationToken: ct)))
            .GroupBy(p => p.EmployeeId)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.OpenLines(seal)).Where(l => l.Code is PayCodes.YearEndBonus or PayCodes.PerformanceBonus).Sum(l => l.Amount));
        var discipline = kind == RunKind.YearEndBonus
            ? (await sender.Send(new GetDisciplineForYear(period.Year, ids), ct)).ToLookup(d => d.EmployeeId)
            : Enumerable.Empty<DisciplineRecord>().ToLookup(d => d.EmployeeId);

        // Someone who left during the year is paid on their last month's pay, from that month's tables.
        var monthTables = new Dictionary<PayPeriod, TableSet> { [period] = tables };
        foreach (var month in people.Select(p => BonusCalculator.LastMonthInService(p, period)).OfType<PayPeriod>().Distinct())
        {
            monthTables[month] = await TableSet.LoadAsync(c, month.End, ct);
        }

        return (p => BonusCalculator.Calculate(
                p, kind, period, appraisals.TryGetValue(p.EmployeeId, out var grade) ? grade : null, [.. discipline[p.EmployeeId]], earlier.GetValueOrDefault(p.EmployeeId),
                monthTables[BonusCalculator.LastMonthInService(p, period) ?? period], garnishments.GetValueOrDefault(p.EmployeeId) ?? [], taxTables),
            [.. monthTables.Values, taxTables]);
    }

    /// <summary>
    /// Each person's differences for the approved months in the look-back window: the month recalculated with the records
    /// and tables as they are now, against the original payslip and any differences already approved for it.
    /// </summary>
    private async Task<List<(PayrollEmployee Person, PayResult? Pay)>> RetroactiveAsync(
        System.Data.Common.DbConnection c, CalculatePayrollChunk request, PayPeriod period, List<long> ids, IReadOnlyList<PayrollEmployee> now, HashSet<long> read,
        ILookup<long, StandingDeduction> orders, TableSet runTables, CancellationToken ct)
    {
        var from = Enumerable.Range(0, Math.Max(1, options.Value.RetroactivePeriods)).Aggregate(period, (p, _) => p.Previous);
        var window = new { request.RunId, request.Version, request.ChunkNo, from = from.ToString(), to = period.ToString() };
        var paid = new List<PaidRow>();
        foreach (var slip in await c.QueryAsync<PaidSlip>(new CommandDefinition(PaidSql, window, cancellationToken: ct)))
        {
            paid.AddRange(slip.OpenLines(seal).Select(l => new PaidRow
            {
                EmployeeId = slip.EmployeeId, RunId = slip.RunId, Kind = slip.Kind, Period = slip.Period, PayDate = slip.PayDate, Code = l.Code, Amount = l.Amount,
            }));
        }

        // Each payslip of the window by person, month and bonus ("" for the month's pay, YEB or PFB for a bonus), with the
        // sums paid per line; a bonus payslip's lines carry its code as a suffix (TAX:YEB), so they never mix with the month's.
        var months = new Dictionary<(long Employee, string Month, string Bonus), Dictionary<string, long>>();
        var bonusRuns = new Dictionary<(string Month, string Bonus), PaidRow>();
        foreach (var row in paid.OrderBy(r => r.Kind == nameof(RunKind.Retroactive) ? 1 : 0))
        {
            var (month, inner) = row.Kind == nameof(RunKind.Retroactive) ? PayCodes.RetroParts(row.Code) ?? (row.Period, row.Code) : (row.Period, row.Code);
            var bonus = row.Kind switch
            {
                nameof(RunKind.YearEndBonus) => PayCodes.YearEndBonus,
                nameof(RunKind.PerformanceBonus) => PayCodes.PerformanceBonus,
                nameof(RunKind.Retroactive) => PayCodes.BonusOf(inner),
                _ => "",
            };
            var code = row.Kind is nameof(RunKind.YearEndBonus) or nameof(RunKind.PerformanceBonus) ? PayCodes.OfBonus(row.Code, bonus) : inner;
            if (bonus.Length > 0 && row.Kind != nameof(RunKind.Retroactive))
            {
                bonusRuns[(month, bonus)] = row;
            }

            // Garnishment is settled payment by payment against the order's balance: a difference does not reopen it.
            if (PayCodes.Root(code) == PayCodes.Garnishment || (row.Kind == nameof(RunKind.Retroactive) && !months.ContainsKey((row.EmployeeId, month, bonus))))
            {
                continue;
            }

            var sums = months.TryGetValue((row.EmployeeId, month, bonus), out var m) ? m : months[(row.EmployeeId, month, bonus)] = new Dictionary<string, long>(StringComparer.Ordinal);
            sums[code] = sums.GetValueOrDefault(code) + row.Amount;
        }

        var recalculated = new Dictionary<(long, string, string), PayResult?>();
        var latest = now.ToDictionary(p => p.EmployeeId);
        foreach (var month in months.Keys.Where(k => k.Bonus.Length == 0).Select(k => k.Month).Distinct().Select(m => PayPeriod.Parse(m)))
        {
            var people = await sender.Send(new GetEmployeesForPayroll(month.Year, month.Month, [], request.Actor, ids), ct);
            var tables = await TableSet.LoadAsync(c, month.End, ct);
            var standing = (await c.QueryAsync<StandingRow>(new CommandDefinition(StandingSql, new { request.RunId, request.Version, request.ChunkNo, period = month.ToString() }, cancellationToken: ct)))
                .ToLookup(s => s.EmployeeId, s => s.Open(deductions).ToDeduction(null)); // a month recalculated as it was: no balances
            foreach (var person in people)
            {
                recalculated[(person.EmployeeId, month.ToString(), "")] = PayCalculator.Calculate(person, month, tables, standing[person.EmployeeId].ToList());
                latest.TryAdd(person.EmployeeId, person);
            }

            read.UnionWith(tables.Read);
        }

        // A bonus paid in the window, recalculated with today's records, tables and appraisals, as its own run did it.
        foreach (var ((month, bonus), original) in bonusRuns.Where(b => months.Keys.Any(k => k.Month == b.Key.Month && k.Bonus == b.Key.Bonus)))
        {
            var kind = bonus == PayCodes.YearEndBonus ? RunKind.YearEndBonus : RunKind.PerformanceBonus;
            var bonusPeriod = PayPeriod.Parse(month);
            var payDay = original.PayDate is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : bonusPeriod.Start;
            var people = await sender.Send(new GetEmployeesForPayroll(bonusPeriod.Year, bonusPeriod.Month, [], request.Actor, ids, BonusCalculator.LeaversSince(kind, bonusPeriod)), ct);
            var tables = await TableSet.LoadAsync(c, bonusPeriod.End, ct);
            var taxTables = await TableSet.LoadAsync(c, payDay, ct);
            var (calculate, sets) = await BonusAsync(c, request, kind, bonusPeriod, tables, taxTables, payDay, ids, people, [], original.RunId, ct);
            foreach (var person in people)
            {
                var pay = calculate(person);
                recalculated[(person.EmployeeId, month, bonus)] = pay is null ? null : pay with { Lines = pay.Lines.Select(l => l with { Code = PayCodes.OfBonus(l.Code, bonus) }).ToList() };
                latest.TryAdd(person.EmployeeId, person);
            }

            foreach (var set in sets)
            {
                read.UnionWith(set.Read);
            }
        }

        return months.GroupBy(m => m.Key.Employee)
            .Where(g => latest.ContainsKey(g.Key))
            .Select(g => (Person: latest[g.Key], Pay: RetroCalculator.WithGarnishments(
                RetroCalculator.Differences(period, g.Select(m => new RetroMonth(PayPeriod.Parse(m.Key.Month), recalculated.GetValueOrDefault(m.Key), m.Value)).ToList(), latest[g.Key].HasBankAccount),
                period, [.. orders[g.Key]], runTables)))
            .Where(r => r.Pay is not null)
            .ToList();
    }

    private async Task<Dictionary<long, (StoredPayslip Slip, PayslipFigures Figures, List<PayLine> Lines)>> CurrentAsync(
        System.Data.Common.DbConnection c, CalculatePayrollChunk request, CancellationToken ct) =>
        (await c.QueryAsync<StoredPayslip>(new CommandDefinition(CurrentSlipsSql, request, cancellationToken: ct)))
        .ToDictionary(s => s.EmployeeId, s => (s, s.OpenFigures(seal), s.OpenLines(seal)));

    /// <summary>The same result to the line: amounts, rules, table versions and inputs (a new table version is a change).</summary>
    private static bool Same((StoredPayslip Slip, PayslipFigures Figures, List<PayLine> Lines) current, PayrollEmployee person, PayResult pay) =>
        current.Slip.EmployeeNo == person.EmployeeNo && current.Slip.UnitCode == person.UnitCode && current.Figures == PayslipFigures.Of(pay)
        && current.Lines.SequenceEqual(pay.Lines);

    /// <summary>A payslip of the look-back window with the run it belongs to.</summary>
    private sealed class PaidSlip : StoredPayslip
    {
        public string? PayDate { get; init; }

        public string Kind { get; init; } = "";

        public string Period { get; init; } = "";
    }

    private sealed class PaidRow
    {
        public long EmployeeId { get; init; }

        public long RunId { get; init; }

        public string? PayDate { get; init; }

        public string Kind { get; init; } = "";

        public string Period { get; init; } = "";

        public string Code { get; init; } = "";

        public long Amount { get; init; }
    }

    /// <summary>What approved runs withheld under each tracked garnishment order of these rows, by order id.</summary>
    private async Task<Dictionary<long, long>> WithheldAsync(System.Data.Common.DbConnection c, long runId, List<StandingRow> rows, CancellationToken ct)
    {
        var people = rows.Where(r => r.TotalDebt is not null).Select(r => r.EmployeeId).Distinct().ToList();
        if (people.Count == 0)
        {
            return [];
        }

        var slips = await c.QueryAsync<StoredPayslip>(new CommandDefinition(
            SqlDialect.WithIdSet(WithheldSql, db.Provider), new { RunId = runId, ids = SqlDialect.IdSetValue(db.Provider, people) }, cancellationToken: ct));
        return slips.SelectMany(s => s.OpenLines(seal)).Where(l => l.Code.StartsWith(PayCodes.Garnishment + ":", StringComparison.Ordinal))
            .GroupBy(l => l.Code, StringComparer.Ordinal)
            .ToDictionary(g => long.Parse(g.Key[(PayCodes.Garnishment.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture), g => g.Sum(l => l.Amount));
    }

    // A class: SQLite's integers and NULLs convert when setting properties.
    private sealed class StandingRow
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public string Kind { get; init; } = "";

        public string Label { get; init; } = "";

        public byte[] Terms { get; init; } = [];

        /// <summary>Once <see cref="Open"/>ed: what it takes each month (or a garnishment's fixed amount, 0 for a share).</summary>
        public long Amount { get; private set; }

        public string Reference { get; init; } = "";

        public string? OrderDate { get; init; }

        /// <summary>Once <see cref="Open"/>ed: a garnishment order's debt, if it is tracked.</summary>
        public long? TotalDebt { get; private set; }

        public int? ShareNumerator { get; init; }

        public int? ShareDenominator { get; init; }

        public int? Household { get; init; }

        public StandingRow Open(DeductionSeal seal)
        {
            (Amount, TotalDebt) = seal.Open(Terms, EmployeeId);
            return this;
        }

        /// <summary>With <paramref name="withheld"/>, a tracked order carries its balance; without, none (a month recalculated as it was).</summary>
        public StandingDeduction ToDeduction(Dictionary<long, long>? withheld) => new(Id, Enum.Parse<StandingDeductionKind>(Kind), Label, Amount, Reference)
        {
            OrderDate = OrderDate is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
            Balance = withheld is not null && TotalDebt is { } debt ? debt - withheld.GetValueOrDefault(Id) : null,
            Share = ShareNumerator is { } n && ShareDenominator is { } den ? (n, den) : null,
            Household = Household ?? 0,
        };
    }
}
