using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>The paying units' accounts, the payer side of the bank file.</summary>
internal sealed class GetPayerAccountsHandler(IDbConnectionFactory db) : IRequestHandler<GetPayerAccounts, IReadOnlyList<PayerAccount>>
{
    private const string PayersSql = $"""
        SELECT code AS UnitCode, name AS UnitName, payer_bank_code AS BankCode, payer_branch_code AS BranchCode, payer_account AS Account
        FROM personnel_unit
        """;

    public async ValueTask<IReadOnlyList<PayerAccount>> Handle(GetPayerAccounts request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<(string UnitCode, string UnitName, string BankCode, string BranchCode, string Account)>(new CommandDefinition(PayersSql, cancellationToken: cancellationToken));
        var wanted = request.UnitCodes.ToHashSet(StringComparer.Ordinal);
        return rows.Where(r => wanted.Count == 0 || wanted.Contains(r.UnitCode))
            .Select(r => new PayerAccount(r.UnitCode, r.UnitName, r.BankCode, r.BranchCode, r.Account)).ToList();
    }
}
