using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Payslips;

namespace Payroll.Modules.Salary.Deductions;

/// <summary>
/// Per creditor, what a run withholds under each garnishment order, and what each order's balance will be once the run
/// is paid: the list the treasury transfers to each creditor by. Payroll staff and auditors; the people it names are
/// recorded in the access ledger.
/// </summary>
internal sealed class GetGarnishmentRemittancesHandler(IDbConnectionFactory db, ISender sender, PayslipSeal seal, DeductionSeal deductions)
    : IRequestHandler<GetGarnishmentRemittances, IReadOnlyList<CreditorRemittance>>
{
    // The run's current payslips that are paid; their GARN lines (one per order) are read once opened.
    private const string RunSlipsSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_payslip p
        WHERE p.run_id = @RunId AND p.is_current AND NOT p.excepted
        """;

    // What other approved runs withheld from the same people: their current payslips.
    private const string ElsewhereSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_run r JOIN salary_payslip p ON p.run_id = r.id AND p.is_current
        WHERE r.state IN ('Approved', 'Paid', 'Closed') AND r.id <> @RunId AND p.employee_id IN {SqlDialect.IdSetMarker}
        """;

    private const string OrdersSql = $"""
        SELECT d.id AS OrderId, d.employee_id AS EmployeeId, COALESCE(d.creditor, d.label) AS Creditor, d.reference AS CourtReference, d.order_date AS OrderDate, d.terms AS Terms
        FROM salary_standing_deduction d WHERE d.id IN {SqlDialect.IdSetMarker}
        """;

    private static readonly string Prefix = PayCodes.Garnishment + ":";

    public async ValueTask<IReadOnlyList<CreditorRemittance>> Handle(GetGarnishmentRemittances request, CancellationToken cancellationToken)
    {
        var items = new List<(long OrderId, long EmployeeId, string EmployeeNo, long Amount)>();
        var elsewhere = new Dictionary<(long EmployeeId, string Code), long>();
        Dictionary<long, OrderRow> orders;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            if (await Runs.GetPayrollRunSummaryHandler.LoadAsync(c, request.RunId, cancellationToken) is null)
            {
                throw new NotFoundException("payroll run", request.RunId);
            }

            foreach (var slip in await c.QueryAsync<StoredPayslip>(new CommandDefinition(RunSlipsSql, request, cancellationToken: cancellationToken)))
            {
                items.AddRange(Garnishments(slip).Where(l => l.Amount > 0).Select(l => (OrderOf(l.Code), slip.EmployeeId, slip.EmployeeNo, l.Amount)));
            }

            var people = items.Select(i => i.EmployeeId).Distinct().ToList();
            if (people.Count > 0)
            {
                foreach (var slip in await c.QueryAsync<StoredPayslip>(new CommandDefinition(
                             SqlDialect.WithIdSet(ElsewhereSql, db.Provider), new { request.RunId, ids = SqlDialect.IdSetValue(db.Provider, people) }, cancellationToken: cancellationToken)))
                {
                    foreach (var line in Garnishments(slip))
                    {
                        elsewhere[(slip.EmployeeId, line.Code)] = elsewhere.GetValueOrDefault((slip.EmployeeId, line.Code)) + line.Amount;
                    }
                }
            }

            orders = (await c.QueryAsync<OrderRow>(new CommandDefinition(
                    SqlDialect.WithIdSet(OrdersSql, db.Provider), new { ids = SqlDialect.IdSetValue(db.Provider, items.Select(i => i.OrderId).Distinct()) }, cancellationToken: cancellationToken)))
                .ToDictionary(o => o.OrderId);
        }

        var rows = items.Where(i => orders.ContainsKey(i.OrderId))
            .Select(i => (Item: i, Order: orders[i.OrderId]))
            .OrderBy(r => r.Order.Creditor, StringComparer.Ordinal).ThenBy(r => r.Order.OrderDate, StringComparer.Ordinal).ThenBy(r => r.Item.OrderId)
            .ThenBy(r => r.Item.EmployeeNo, StringComparer.Ordinal)
            .ToList();
        await sender.Send(new RecordAccess(
            request.Actor, AccessAction.View, null, $"/payroll/runs/{request.RunId}/garnishments", rows.Select(r => r.Item.EmployeeId).Distinct().ToList(),
            ["salary", "garnishment"], AccessOutcome.Allowed), cancellationToken);
        return rows.GroupBy(r => r.Order.Creditor, StringComparer.Ordinal)
            .Select(g => new CreditorRemittance(g.Key, g.Sum(r => r.Item.Amount), g.Select(r => new GarnishmentItem(
                r.Item.OrderId, r.Order.CourtReference, r.Item.EmployeeNo, r.Item.Amount,
                deductions.Open(r.Order.Terms, r.Order.EmployeeId).TotalDebt is { } debt ? debt - elsewhere.GetValueOrDefault((r.Item.EmployeeId, Prefix + r.Item.OrderId.ToString(CultureInfo.InvariantCulture))) - r.Item.Amount : null)).ToList()))
            .ToList();
    }

    private IEnumerable<PayLine> Garnishments(StoredPayslip slip) =>
        slip.OpenLines(seal).Where(l => l.Code.StartsWith(Prefix, StringComparison.Ordinal) && long.TryParse(l.Code.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static long OrderOf(string code) => long.Parse(code.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    private sealed class OrderRow
    {
        public long OrderId { get; init; }

        public string Creditor { get; init; } = "";

        public string CourtReference { get; init; } = "";

        public string? OrderDate { get; init; }

        public long EmployeeId { get; init; }

        public byte[] Terms { get; init; } = [];
    }
}
