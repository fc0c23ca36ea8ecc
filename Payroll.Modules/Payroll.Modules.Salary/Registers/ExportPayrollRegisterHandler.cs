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
using Payroll.Modules.Salary.Payslips;
using Payroll.Modules.Salary.Runs;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Registers;

/// <summary>What a register of a run shows: its people by unit with their amounts and masked identifiers, and who it names.</summary>
internal sealed record RegisterContent(RegisterData Data, string FileName, IReadOnlyList<long> SubjectIds, RunTotals Totals);

/// <summary>Reads a run's register: current payslips and lines of the units asked for, names and masked identifiers from Personnel.</summary>
internal sealed class RegisterReader(IDbConnectionFactory db, ISender sender, IClock clock, PayslipSeal seal)
{
    // Some units' current results (through salary_payslip_unit), or the whole run's: the filter is the only difference.
    private const string PayslipsSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_payslip p WHERE p.run_id = @RunId AND p.is_current /*unit*/
        ORDER BY p.unit_code, p.employee_no
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
        // Each payslip opened as it is read: its figures, and its lines summed into the register's amount columns.
        var slips = new List<(StoredPayslip Slip, PayslipFigures Figures, long[] Amounts)>();
        var filter = units.Count == 0 ? "" : SqlDialect.WithCodeSet(SomeUnits, db.Provider);
        var args = new { request.RunId, codes = SqlDialect.CodeSetValue(db.Provider, units) };
        await foreach (var slip in c.QueryUnbufferedAsync<StoredPayslip>(PayslipsSql.Replace(UnitFilter, filter, StringComparison.Ordinal), args)
                           .WithCancellation(cancellationToken))
        {
            var amounts = new long[RegisterColumns.Amounts.Length];
            foreach (var line in slip.OpenLines(seal))
            {
                if (RegisterColumns.AmountIndex(line.Code) is var column and >= 0)
                {
                    amounts[column] += line.Amount;
                }
            }

            slips.Add((new StoredPayslip { RunId = slip.RunId, Version = slip.Version, EmployeeId = slip.EmployeeId, EmployeeNo = slip.EmployeeNo, UnitCode = slip.UnitCode, Excepted = slip.Excepted },
                slip.OpenFigures(seal), amounts));
        }

        var missing = units.Where(u => !slips.Any(s => s.Slip.UnitCode == u)).ToList();
        if (missing.Count > 0 || slips.Count == 0)
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "units", $"run {run.Id} pays no one in {(missing.Count > 0 ? string.Join(", ", missing) : "it")}")]);
        }

        var period = PayPeriod.Parse(run.Period);
        var identities = (await sender.Send(new GetPayrollIdentities(period.Year, period.Month, slips.Select(s => s.Slip.EmployeeId).ToList()), cancellationToken))
            .ToDictionary(i => i.EmployeeId);
        var now = clock.UtcNow;
        var taipei = RocDate.InTaipei(now);
        var scope = units.Count switch { 0 => "全部單位", 1 => units[0], var n => string.Create(CultureInfo.InvariantCulture, $"{n} 個單位") };
        var data = new RegisterData(
            string.Create(CultureInfo.InvariantCulture, $"{scope}　中華民國{RocDate.RocYear(period.Start)}年{period.Month}月　薪資清冊（批次 {run.Id}，第 {run.Version} 版，{run.State}）"),
            $"製表人：{request.Actor.Name}　製表時間：{RocDate.FormatOfficial(DateOnly.FromDateTime(taipei.DateTime))} {taipei:HH:mm}　本清冊含個人資料，依個人資料保護法保管，不得外流。",
            slips.GroupBy(s => s.Slip.UnitCode).Select(g => new RegisterUnit(g.Key, g.Select(s =>
            {
                var who = identities.GetValueOrDefault(s.Slip.EmployeeId);
                var f = s.Figures;
                return new RegisterRow(
                    s.Slip.EmployeeNo, who?.Name ?? "", who?.NationalIdMasked ?? "", f.DaysPaid, f.DaysInPeriod, s.Amounts, f.Gross, f.Deductions, f.Net,
                    who is null ? "" : $"{who.BankCode}-{who.BranchCode} {who.BankAccountMasked}", f.Exception);
            }).ToList())).ToList(),
            run.UnverifiedTables > 0 ? "【" + PayrollRunSummary.TrialMark + "】" : null);

        var fileName = string.Create(CultureInfo.InvariantCulture, $"register-{run.Period}-run{run.Id}-{(units.Count == 1 ? units[0] : units.Count == 0 ? "all" : "units")}.xlsx");
        var paid = slips.Where(s => s.Figures.Exception is null).Select(s => s.Figures).ToList();
        return new RegisterContent(
            data, fileName, slips.Select(s => s.Slip.EmployeeId).ToList(),
            new RunTotals(paid.Count, paid.Sum(s => s.Gross), paid.Sum(s => s.Deductions), paid.Sum(s => s.Net), slips.Count - paid.Count));
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
