using System.Diagnostics;
using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Runs;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Registers;

/// <summary>What a register of a run shows: its people by unit with their amounts and masked identifiers, and who it names.</summary>
internal sealed record RegisterContent(RegisterData Data, string FileName, IReadOnlyList<long> SubjectIds, RunTotals Totals);

/// <summary>Reads a run's register: current payslips and lines of the units asked for, names and masked identifiers from Personnel.</summary>
internal sealed class RegisterReader(IDbConnectionFactory db, ISender sender, IClock clock)
{
    // Some units' current results (through salary_payslip_unit), or the whole run's: the filter is the only difference.
    private const string PayslipsSql = $"""
        SELECT {PayslipRow.Columns}
        FROM salary_payslip p WHERE p.run_id = @RunId AND p.is_current /*unit*/
        ORDER BY p.unit_code, p.employee_no
        """;

    // CROSS JOIN: SQLite then walks the unit's payslips first and looks their lines up by key, instead of reading every
    // line of the run; PostgreSQL plans it as the inner join it is.
    private const string LinesSql = """
        SELECT l.employee_id AS EmployeeId, l.code AS Code, l.amount AS Amount
        FROM salary_payslip p
        CROSS JOIN salary_payslip_line l
        WHERE p.run_id = @RunId AND p.is_current /*unit*/
          AND l.run_id = p.run_id AND l.version = p.version AND l.employee_id = p.employee_id
        """;

    private const string UnitFilter = "/*unit*/";
    private const string SomeUnits = "AND p.unit_code IN " + SqlDialect.CodeSetMarker;

    public async Task<RegisterContent> ReadAsync(ExportPayrollRegister request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var run = await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(RunRow.ByIdSql, request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException("payroll run", request.RunId);
        if (run.Version == 0 || run.RunState is RunState.Cancelled)
        {
            throw new ConflictException($"Run {run.Id} is {run.State}: a register needs calculated results.");
        }

        var units = request.UnitCodes.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var slips = new List<PayslipRow>();
        var amounts = new Dictionary<long, long[]>();
        var filter = units.Count == 0 ? "" : SqlDialect.WithCodeSet(SomeUnits, db.Provider);
        var args = new { request.RunId, codes = SqlDialect.CodeSetValue(db.Provider, units) };
        slips.AddRange(await c.QueryAsync<PayslipRow>(new CommandDefinition(PayslipsSql.Replace(UnitFilter, filter, StringComparison.Ordinal), args, cancellationToken: cancellationToken)));
        await foreach (var line in c.QueryUnbufferedAsync<LineRow>(LinesSql.Replace(UnitFilter, filter, StringComparison.Ordinal), args)
                           .WithCancellation(cancellationToken))
        {
            var column = RegisterColumns.AmountIndex(line.Code);
            if (column >= 0)
            {
                (amounts.TryGetValue(line.EmployeeId, out var row) ? row : amounts[line.EmployeeId] = new long[RegisterColumns.Amounts.Length])[column] += line.Amount;
            }
        }

        var missing = units.Where(u => !slips.Any(s => s.UnitCode == u)).ToList();
        if (missing.Count > 0 || slips.Count == 0)
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "units", $"run {run.Id} pays no one in {(missing.Count > 0 ? string.Join(", ", missing) : "it")}")]);
        }

        var period = PayPeriod.Parse(run.Period);
        var identities = (await sender.Send(new GetPayrollIdentities(period.Year, period.Month, slips.Select(s => s.EmployeeId).ToList()), cancellationToken))
            .ToDictionary(i => i.EmployeeId);
        var now = clock.UtcNow;
        var taipei = RocDate.InTaipei(now);
        var scope = units.Count switch { 0 => "全部單位", 1 => units[0], var n => string.Create(CultureInfo.InvariantCulture, $"{n} 個單位") };
        var data = new RegisterData(
            string.Create(CultureInfo.InvariantCulture, $"{scope}　中華民國{RocDate.RocYear(period.Start)}年{period.Month}月　薪資清冊（批次 {run.Id}，第 {run.Version} 版，{run.State}）"),
            $"製表人：{request.Actor.Name}　製表時間：{RocDate.FormatOfficial(DateOnly.FromDateTime(taipei.DateTime))} {taipei:HH:mm}　本清冊含個人資料，依個人資料保護法保管，不得外流。",
            slips.GroupBy(s => s.UnitCode).Select(g => new RegisterUnit(g.Key, g.Select(s =>
            {
                var who = identities.GetValueOrDefault(s.EmployeeId);
                return new RegisterRow(
                    s.EmployeeNo, who?.Name ?? "", who?.NationalIdMasked ?? "", (int)s.DaysPaid, (int)s.DaysInPeriod,
                    amounts.GetValueOrDefault(s.EmployeeId) ?? new long[RegisterColumns.Amounts.Length], s.Gross, s.Deductions, s.Net,
                    who is null ? "" : $"{who.BankCode}-{who.BranchCode} {who.BankAccountMasked}", s.Exception);
            }).ToList())).ToList(),
            run.UnverifiedTables > 0 ? "【" + PayrollRunSummary.TrialMark + "】" : null);

        var fileName = string.Create(CultureInfo.InvariantCulture, $"register-{run.Period}-run{run.Id}-{(units.Count == 1 ? units[0] : units.Count == 0 ? "all" : "units")}.xlsx");
        var paid = slips.Where(s => s.Exception is null).ToList();
        return new RegisterContent(
            data, fileName, slips.Select(s => s.EmployeeId).ToList(),
            new RunTotals(paid.Count, paid.Sum(s => s.Gross), paid.Sum(s => s.Deductions), paid.Sum(s => s.Net), slips.Count - paid.Count));
    }

    private sealed class LineRow
    {
        public long EmployeeId { get; init; }

        public string Code { get; init; } = "";

        public long Amount { get; init; }
    }
}

/// <summary>Writes the register (streaming), keeps it in the Vault with everyone in it as a subject, and records the export.</summary>
internal sealed class ExportPayrollRegisterHandler(RegisterReader reader, ISender sender) : IRequestHandler<ExportPayrollRegister, RegisterExport>
{
    private static readonly string[] Categories = ["name", "national-id-masked", "salary", "bank-account-masked"];

    public async ValueTask<RegisterExport> Handle(ExportPayrollRegister request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var register = await reader.ReadAsync(request, cancellationToken);
        var read = Stopwatch.GetElapsedTime(started);
        var content = RegisterWorkbook.Write(register.Data);
        var written = Stopwatch.GetElapsedTime(started);
        var stored = await sender.Send(new StoreDocument(
            "payroll-register", "Salary", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", register.FileName, content,
            register.SubjectIds, Categories, request.Actor), cancellationToken);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.Export, stored.DocumentId, $"/payroll/runs/{request.RunId}/register", [], Categories, AccessOutcome.Allowed), cancellationToken);
        return new RegisterExport(stored.DocumentId, register.FileName, register.Totals, content, new RegisterPhases(read, written - read, Stopwatch.GetElapsedTime(started) - written));
    }
}
