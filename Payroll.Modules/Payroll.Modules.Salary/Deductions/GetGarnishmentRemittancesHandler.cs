using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Deductions;

/// <summary>
/// Per creditor, what a run withholds under each garnishment order, and what each order's balance will be once the run
/// is paid: the list the treasury transfers to each creditor by. Payroll staff and auditors; the people it names are
/// recorded in the access ledger.
/// </summary>
internal sealed class GetGarnishmentRemittancesHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetGarnishmentRemittances, IReadOnlyList<CreditorRemittance>>
{

    private const string LinesSql = """
        SELECT d.id AS OrderId, COALESCE(d.creditor, d.label) AS Creditor, d.reference AS CourtReference, p.employee_id AS EmployeeId, p.employee_no AS EmployeeNo,
               l.amount AS Amount, d.total_debt AS TotalDebt,
               (SELECT CAST(COALESCE(SUM(o.amount), 0) AS BIGINT)
                FROM salary_run r2 JOIN salary_payslip p2 ON p2.run_id = r2.id AND p2.is_current CROSS JOIN salary_payslip_line o
                WHERE r2.state IN ('Approved', 'Paid', 'Closed') AND r2.id <> @RunId AND p2.employee_id = p.employee_id
                  AND o.run_id = p2.run_id AND o.version = p2.version AND o.employee_id = p2.employee_id AND o.code = l.code) AS WithheldElsewhere
        FROM salary_payslip p
        CROSS JOIN salary_payslip_line l
        JOIN salary_standing_deduction d ON l.code = 'GARN:' || CAST(d.id AS TEXT)
        WHERE p.run_id = @RunId AND p.is_current AND p.exception IS NULL
          AND l.run_id = p.run_id AND l.version = p.version AND l.employee_id = p.employee_id AND l.code LIKE 'GARN:%' AND l.amount > 0
        ORDER BY 2, d.order_date, d.id, p.employee_no
        """;

    public async ValueTask<IReadOnlyList<CreditorRemittance>> Handle(GetGarnishmentRemittances request, CancellationToken cancellationToken)
    {
        List<Row> rows;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            if (await Runs.GetPayrollRunSummaryHandler.LoadAsync(c, request.RunId, cancellationToken) is null)
            {
                throw new NotFoundException("payroll run", request.RunId);
            }

            rows = (await c.QueryAsync<Row>(new CommandDefinition(LinesSql, request, cancellationToken: cancellationToken))).ToList();
        }

        await sender.Send(new RecordAccess(
            request.Actor, AccessAction.View, null, $"/payroll/runs/{request.RunId}/garnishments", rows.Select(r => r.EmployeeId).Distinct().ToList(),
            ["salary", "garnishment"], AccessOutcome.Allowed), cancellationToken);
        return rows.GroupBy(r => r.Creditor, StringComparer.Ordinal)
            .Select(g => new CreditorRemittance(g.Key, g.Sum(r => r.Amount), g.Select(r => new GarnishmentItem(
                r.OrderId, r.CourtReference, r.EmployeeNo, r.Amount, r.TotalDebt is { } debt ? debt - r.WithheldElsewhere - r.Amount : null)).ToList()))
            .ToList();
    }

    private sealed class Row
    {
        public long OrderId { get; init; }

        public string Creditor { get; init; } = "";

        public string CourtReference { get; init; } = "";

        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public long Amount { get; init; }

        public long? TotalDebt { get; init; }

        public long WithheldElsewhere { get; init; }
    }
}
