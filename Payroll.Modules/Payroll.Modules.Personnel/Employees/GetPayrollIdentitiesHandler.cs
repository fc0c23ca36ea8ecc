using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Names and masked identifiers of the given people as of a period's end (their latest version by then).</summary>
internal sealed class GetPayrollIdentitiesHandler(IDbConnectionFactory db, FieldCipher cipher) : IRequestHandler<GetPayrollIdentities, IReadOnlyList<PayrollIdentity>>
{
    private const string IdentitiesSql = $"""
        {EmployeeVersions.LatestOfIdsByEnd}
        SELECT {VersionRow.Columns}
        FROM ranked v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1
        """;

    public async ValueTask<IReadOnlyList<PayrollIdentity>> Handle(GetPayrollIdentities request, CancellationToken cancellationToken)
    {
        var end = new DateOnly(request.Year, request.Month, 1).AddMonths(1).AddDays(-1);
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<VersionRow>(new CommandDefinition(
            SqlDialect.WithIdSet(IdentitiesSql, db.Provider), new { end = EmployeeVersions.Iso(end), ids = SqlDialect.IdSetValue(db.Provider, request.EmployeeIds) },
            cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var rowId = r.EmployeeId.ToString(CultureInfo.InvariantCulture);
            return new PayrollIdentity(
                r.EmployeeId, r.EmployeeNo, cipher.DecryptString(r.Name, EmployeeVersions.Table, "name", rowId), Masking.NationalId(cipher.DecryptString(r.NationalId, EmployeeVersions.Table, "national_id", rowId)), r.UnitCode,
                r.BankCode, r.BranchCode, Masking.Account(cipher.DecryptString(r.BankAccount, EmployeeVersions.Table, "bank_account", rowId)));
        }).ToList();
    }
}
