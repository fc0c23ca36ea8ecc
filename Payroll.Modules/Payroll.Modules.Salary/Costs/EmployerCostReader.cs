using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Payslips;
using Payroll.Modules.Salary.Tables;

namespace Payroll.Modules.Salary.Costs;

/// <summary>Sums of <see cref="EmployerShares"/>.</summary>
internal static class EmployerShareSums
{
    public static readonly EmployerShares None = new(0, 0, 0, 0, 0, 0, 0);

    public static EmployerShares Plus(EmployerShares a, EmployerShares b) => new(
        a.PublicInsurance + b.PublicInsurance, a.Nhi + b.Nhi, a.Pension + b.Pension, a.LabourInsurance + b.LabourInsurance,
        a.EmploymentInsurance + b.EmploymentInsurance, a.LabourPension + b.LabourPension, a.SeveranceFund + b.SeveranceFund);
}

/// <summary>One person's month in one unit: the salaries paid and the employer's shares on them.</summary>
internal sealed record PersonEmployerCosts(string EmployeeNo, string Name, long Salaries, EmployerShares Shares);

/// <summary>What a cost workbook shows: the units with their people, the §34 rate and its table, notes, and who it names.</summary>
internal sealed record EmployerCostData(
    PayPeriod Month, IReadOnlyList<(UnitEmployerCosts Unit, IReadOnlyList<PersonEmployerCosts> People)> Units, decimal SupplementaryRate,
    string SupplementaryRef, IReadOnlyList<string> Notes, bool Trial, IReadOnlyList<long> SubjectIds);

/// <summary>
/// Reads a month's employer costs: the current payslips of approved runs paid in the month, their employer lines (a
/// retroactive difference counts in the month it is paid), and the insured amounts the month's regular runs charged.
/// </summary>
internal sealed class EmployerCostReader(IDbConnectionFactory db, ISender sender, PayslipSeal seal)
{
    private const string PaidRuns = "r.state IN ('Approved', 'Paid', 'Closed') AND SUBSTR(COALESCE(r.pay_date, r.period || '-01'), 1, 7) = @month";

    // Each payslip paid in the month, opened for its gross and its employer lines (a retroactive payslip's are differences).
    private const string PayslipsSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_run r
        JOIN salary_payslip p ON p.run_id = r.id AND p.is_current
        WHERE {PaidRuns} AND NOT p.excepted /*unit*/
        """;

    // §34 nets out the insured amounts of the month: those the month's own regular runs charged, whenever they are paid
    // (each run's totals per unit, counted when it was published).
    private const string InsuredSql = """
        SELECT p.unit_code AS UnitCode, CAST(SUM(p.nhi_insured) AS BIGINT) AS Amount
        FROM salary_run r
        JOIN salary_run_unit p ON p.run_id = r.id
        WHERE r.state IN ('Approved', 'Paid', 'Closed') AND r.kind = 'Regular' AND r.period = @month /*unit*/
        GROUP BY p.unit_code
        """;

    // Whether any of the runs read an unverified reference version: then the workbook carries the trial mark too.
    private const string TrialSql = $"""
        SELECT COUNT(*) FROM salary_run r
        JOIN salary_run_table t ON t.run_id = r.id AND t.version = r.version
        JOIN salary_reference_table x ON x.id = t.table_id
        WHERE {PaidRuns} AND NOT x.verified
        """;

    private const string UnitFilter = "/*unit*/";
    private const string SomeUnits = "AND p.unit_code IN " + SqlDialect.CodeSetMarker;

    public async Task<EmployerCostData> ReadAsync(ExportEmployerCosts request, CancellationToken cancellationToken)
    {
        var month = PayPeriod.Parse(request.PayMonth, "payMonth");
        var units = request.UnitCodes.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var filter = units.Count == 0 ? "" : SqlDialect.WithCodeSet(SomeUnits, db.Provider);
        CommandDefinition Query(string sql) => new(
            sql.Replace(UnitFilter, filter, StringComparison.Ordinal), new { month = month.ToString(), codes = SqlDialect.CodeSetValue(db.Provider, units) },
            cancellationToken: cancellationToken);

        await using var c = await db.OpenAsync(cancellationToken);
        var slips = (await c.QueryAsync<StoredPayslip>(Query(PayslipsSql)))
            .Select(p => new SlipRow(p.EmployeeId, p.EmployeeNo, p.UnitCode, p.OpenFigures(seal).Gross, p.OpenLines(seal).Where(EmployerLines.IsEmployer).ToList()))
            .ToList();
        var missing = units.Where(u => !slips.Any(s => s.UnitCode == u)).ToList();
        if (slips.Count == 0 || missing.Count > 0)
        {
            throw new InvalidInputException([new InputError(null, missing.Count > 0 ? "units" : "payMonth",
                $"no approved run pays anyone {(missing.Count > 0 ? "in " + string.Join(", ", missing) + " " : "")}in {month} (by pay day)")]);
        }

        var shares = new Dictionary<(string Unit, long Employee), long[]>();
        foreach (var slip in slips)
        {
            foreach (var line in slip.EmployerLines)
            {
                if (Scheme(PayCodes.RetroParts(line.Code)?.Code ?? line.Code) is var i and >= 0)
                {
                    (shares.TryGetValue((slip.UnitCode, slip.EmployeeId), out var row) ? row : shares[(slip.UnitCode, slip.EmployeeId)] = new long[7])[i] += line.Amount;
                }
            }
        }

        var insured = (await c.QueryAsync<(string UnitCode, long Amount)>(Query(InsuredSql))).ToDictionary(r => r.UnitCode, r => r.Amount, StringComparer.Ordinal);
        var trial = await c.ExecuteScalarAsync<long>(Query(TrialSql)) > 0;
        var tables = await TableSet.LoadAsync(c, month.End, cancellationToken);
        var supplementary = tables.Get<SupplementaryPremiumTable>(TableKinds.SupplementaryPremium)
            ?? throw new InvalidInputException([new InputError(null, "payMonth", $"no 二代健保 supplementary-premium table is in force on {month.End:yyyy-MM-dd}")]);

        var ids = slips.Select(s => s.EmployeeId).Distinct().ToList();
        var names = (await sender.Send(new GetPayrollIdentities(month.Year, month.Month, ids), cancellationToken)).ToDictionary(i => i.EmployeeId, i => i.Name);
        var unitInfo = (await sender.Send(new GetPayingUnits(units), cancellationToken)).ToDictionary(u => u.Code, StringComparer.Ordinal);
        var result = new List<(UnitEmployerCosts, IReadOnlyList<PersonEmployerCosts>)>();
        foreach (var unit in slips.GroupBy(s => s.UnitCode, StringComparer.Ordinal))
        {
            var people = unit.GroupBy(s => s.EmployeeId).Select(p => new PersonEmployerCosts(
                    p.First().EmployeeNo, names.GetValueOrDefault(p.Key, ""), p.Sum(s => s.Gross),
                    Shares(shares.GetValueOrDefault((unit.Key, p.Key)))))
                .OrderBy(p => p.EmployeeNo, StringComparer.Ordinal).ToList();
            var salaries = people.Sum(p => p.Salaries);
            var insuredAmounts = insured.GetValueOrDefault(unit.Key);

            var premium = SupplementaryPremium(salaries, insuredAmounts, supplementary.Content.Rate);
            var info = unitInfo.GetValueOrDefault(unit.Key);
            result.Add((new UnitEmployerCosts(
                unit.Key, info?.Name ?? "", info?.BudgetCode, people.Count, salaries,
                people.Aggregate(EmployerShareSums.None, (sum, p) => EmployerShareSums.Plus(sum, p.Shares)), insuredAmounts, premium), people));
        }

        return new EmployerCostData(
            month, [.. result.OrderBy(u => u.Item1.BudgetCode ?? "\uffff", StringComparer.Ordinal).ThenBy(u => u.Item1.UnitCode, StringComparer.Ordinal)],
            supplementary.Content.Rate, supplementary.Ref, MissingShares(tables), trial, ids);
    }

    /// <summary>全民健康保險法 §34: on the salaries a unit paid in the month beyond its insured amounts, at the §33 rate, rounded.</summary>
    internal static long SupplementaryPremium(long salaries, long insured, decimal rate) => Rounding.HalfUp(Math.Max(0, salaries - insured) * rate);

    /// <summary>The column of an employer line's scheme, or -1.</summary>
    private static int Scheme(string code) => PayCodes.Root(code) != PayCodes.EmployerPrefix ? -1 : code[(PayCodes.EmployerPrefix.Length + 1)..] switch
    {
        PayCodes.Insurance => 0,
        PayCodes.Nhi => 1,
        PayCodes.Pension => 2,
        PayCodes.LabourInsurance => 3,
        PayCodes.EmploymentInsurance => 4,
        PayCodes.LabourPension => 5,
        PayCodes.SeveranceFund => 6,
        _ => -1,
    };

    private static EmployerShares Shares(long[]? a) => a is null ? EmployerShareSums.None : new(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);

    /// <summary>Tables in force at the month's end without the employer's share: their employer costs are not on the payslips.</summary>
    private static List<string> MissingShares(TableSet tables)
    {
        var notes = new List<string>();
        if (tables.Get<InsuranceTable>(TableKinds.Insurance) is { } insurance && insurance.Content.Groups.Any(g => g.EmployerShare is null))
        {
            notes.Add($"保險費率表 {insurance.Ref} 未載政府負擔比例：公保政府負擔未計，請載入新版本。");
        }

        if (tables.Get<NhiTable>(TableKinds.Nhi) is { } nhi && nhi.Content.EmployerShare is null)
        {
            notes.Add($"健保費率表 {nhi.Ref} 未載投保單位負擔比例與平均眷口數：健保機關負擔未計，請載入新版本。");
        }

        if (tables.Get<PensionTable>(TableKinds.Pension) is { } pension && pension.Content.EmployerShare is null)
        {
            notes.Add($"退撫提撥率表 {pension.Ref} 未載政府撥繳比例：退撫政府負擔未計，請載入新版本。");
        }

        return notes;
    }

    private sealed record SlipRow(long EmployeeId, string EmployeeNo, string UnitCode, long Gross, List<PayLine> EmployerLines);
}
