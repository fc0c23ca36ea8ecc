using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// The accounts of the given people in clear, as of a period's end, for the bank file. A bank with no imported branch
/// list accepts any branch code (as the import does); an unknown bank or branch is reported, not hidden.
/// </summary>
internal sealed class GetPayeeAccountsHandler(IDbConnectionFactory db, FieldCipher cipher) : IRequestHandler<GetPayeeAccounts, IReadOnlyList<PayeeAccount>>
{
    private const string AccountsSql = $"""
        {EmployeeVersions.LatestOfIdsByEnd}
        SELECT v.employee_id AS EmployeeId, e.employee_no AS EmployeeNo, v.name AS Name, u.code AS UnitCode,
               v.bank_code AS BankCode, v.branch_code AS BranchCode, v.bank_account AS BankAccount,
               CASE WHEN b.bank_code IS NULL THEN 0 ELSE 1 END AS BankKnown,
               CASE WHEN br.branch_code IS NOT NULL OR NOT EXISTS (SELECT 1 FROM personnel_bank_branch x WHERE x.bank_code = v.bank_code) THEN 1 ELSE 0 END AS BranchKnown
        FROM ranked v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        LEFT JOIN personnel_bank b ON b.bank_code = v.bank_code
        LEFT JOIN personnel_bank_branch br ON br.bank_code = v.bank_code AND br.branch_code = v.branch_code
        WHERE v.rn = 1
        """;

    public async ValueTask<IReadOnlyList<PayeeAccount>> Handle(GetPayeeAccounts request, CancellationToken cancellationToken)
    {
        var end = new DateOnly(request.Year, request.Month, 1).AddMonths(1).AddDays(-1);
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<AccountRow>(new CommandDefinition(
            SqlDialect.WithIdSet(AccountsSql, db.Provider), new { end = EmployeeVersions.Iso(end), ids = SqlDialect.IdSetValue(db.Provider, request.EmployeeIds) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new PayeeAccount(
            r.EmployeeId, r.EmployeeNo, cipher.DecryptString(r.Name, EmployeeVersions.Table, "name", r.EmployeeId.ToString(CultureInfo.InvariantCulture)), r.UnitCode, r.BankCode, r.BranchCode,
            r.BankAccount.Length == 0 ? "" : cipher.DecryptString(r.BankAccount, EmployeeVersions.Table, "bank_account", r.EmployeeId.ToString(CultureInfo.InvariantCulture)),
            r.BankKnown == 1, r.BranchKnown == 1)).ToList();
    }

    private sealed class AccountRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public byte[] Name { get; init; } = [];

        public string UnitCode { get; init; } = "";

        public string BankCode { get; init; } = "";

        public string BranchCode { get; init; } = "";

        public byte[] BankAccount { get; init; } = [];

        public long BankKnown { get; init; }

        public long BranchKnown { get; init; }
    }
}
