using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Names and contact points of the given people as recorded today (their latest version on or before today).</summary>
internal sealed class GetNoticeRecipientsHandler(IDbConnectionFactory db, FieldCipher cipher, Kernel.Time.IClock clock) : IRequestHandler<GetNoticeRecipients, IReadOnlyList<NoticeRecipient>>
{
    private const string RecipientsSql = $"""
        {EmployeeVersions.LatestOfIdsByEnd}
        SELECT v.employee_id AS EmployeeId, e.employee_no AS EmployeeNo, v.name AS Name, u.code AS UnitCode, u.name AS UnitName, v.email AS Email, v.address AS Address
        FROM ranked v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1
        """;

    public async ValueTask<IReadOnlyList<NoticeRecipient>> Handle(GetNoticeRecipients request, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(RocDate.InTaipei(clock.UtcNow).DateTime);
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            SqlDialect.WithIdSet(RecipientsSql, db.Provider), new { end = EmployeeVersions.Iso(today), ids = SqlDialect.IdSetValue(db.Provider, request.EmployeeIds) },
            cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var rowId = r.EmployeeId.ToString(CultureInfo.InvariantCulture);
            string? Clear(byte[]? stored, string column) => stored is { Length: > 0 } s && cipher.DecryptString(s, EmployeeVersions.Table, column, rowId) is { Length: > 0 } v ? v : null;
            return new NoticeRecipient(r.EmployeeId, r.EmployeeNo, Clear(r.Name, "name")!, r.UnitCode, r.UnitName, Clear(r.Email, "email"), Clear(r.Address, "address"));
        }).ToList();
    }

    private sealed class Row
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public byte[] Name { get; init; } = [];

        public string UnitCode { get; init; } = "";

        public string UnitName { get; init; } = "";

        public byte[]? Email { get; init; }

        public byte[]? Address { get; init; }
    }
}
