using Dapper;
using Mediator;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.BankTransfer.Returns;

/// <summary>Who a run has not paid: held back in its released generation, or rejected by the bank.</summary>
internal sealed class GetUnpaidPaymentsHandler(IDbConnectionFactory db) : IRequestHandler<GetUnpaidPayments, IReadOnlyList<UnpaidPayment>>
{
    private const string UnpaidSql = """
        SELECT h.employee_id AS EmployeeId, h.employee_no AS EmployeeNo, h.unit_code AS UnitCode, h.amount AS Amount, 'Held' AS Status, h.reason AS Reason
        FROM banktransfer_hold h JOIN banktransfer_generation g ON g.id = h.generation_id
        WHERE h.run_id = @RunId AND g.state = 'Released'
        UNION ALL
        SELECT p.employee_id, p.employee_no, p.unit_code, p.amount, 'Rejected', p.return_code || ' ' || p.return_reason
        FROM banktransfer_payment p
        WHERE p.run_id = @RunId AND p.status = 'Rejected'
        ORDER BY 2
        """;

    public async ValueTask<IReadOnlyList<UnpaidPayment>> Handle(GetUnpaidPayments request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<UnpaidRow>(new CommandDefinition(UnpaidSql, new { request.RunId }, cancellationToken: cancellationToken));
        return rows.Select(r => new UnpaidPayment(r.EmployeeId, r.EmployeeNo, r.UnitCode, r.Amount, r.Status, r.Reason)).ToList();
    }

    private sealed class UnpaidRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public long Amount { get; init; }

        public string Status { get; init; } = "";

        public string Reason { get; init; } = "";
    }
}
