using Dapper;
using Mediator;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.BankTransfer.Generation;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.BankTransfer.Returns;

/// <summary>Who a run has not paid: held back in its released generation, or rejected by the bank.</summary>
internal sealed class GetUnpaidPaymentsHandler(IDbConnectionFactory db, CreditSeal seal) : IRequestHandler<GetUnpaidPayments, IReadOnlyList<UnpaidPayment>>
{
    // Each row names the sealed value it carries (a held amount, or a credit) and the row it is bound to.
    private const string UnpaidSql = """
        SELECT h.employee_id AS EmployeeId, h.employee_no AS EmployeeNo, h.unit_code AS UnitCode, h.held AS Sealed, h.generation_id AS Bound, 0 AS Sequence,
               'Held' AS Status, h.reason AS Reason
        FROM banktransfer_hold h JOIN banktransfer_generation g ON g.id = h.generation_id
        WHERE h.run_id = @RunId AND g.state = 'Released'
        UNION ALL
        SELECT p.employee_id, p.employee_no, p.unit_code, p.credit, p.file_id, p.sequence, 'Rejected', p.return_code || ' ' || p.return_reason
        FROM banktransfer_payment p
        WHERE p.run_id = @RunId AND p.status = 'Rejected'
        ORDER BY 2
        """;

    public async ValueTask<IReadOnlyList<UnpaidPayment>> Handle(GetUnpaidPayments request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<UnpaidRow>(new CommandDefinition(UnpaidSql, new { request.RunId }, cancellationToken: cancellationToken));
        return rows.Select(r => new UnpaidPayment(
            r.EmployeeId, r.EmployeeNo, r.UnitCode,
            r.Status == "Held" ? seal.OpenHeld(r.Sealed, r.Bound, r.EmployeeId) : seal.Open(r.Sealed, r.Bound, r.Sequence, r.EmployeeId).Amount, r.Status, r.Reason)).ToList();
    }

    private sealed class UnpaidRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public byte[] Sealed { get; init; } = [];

        public long Bound { get; init; }

        public long Sequence { get; init; }

        public string Status { get; init; } = "";

        public string Reason { get; init; } = "";
    }
}
