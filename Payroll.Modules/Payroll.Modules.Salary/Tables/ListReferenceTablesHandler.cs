using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Tables;

internal sealed class ListReferenceTablesHandler(IDbConnectionFactory db) : IRequestHandler<ListReferenceTables, IReadOnlyList<ReferenceTableInfo>>
{
    public async ValueTask<IReadOnlyList<ReferenceTableInfo>> Handle(ListReferenceTables request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<ReferenceTableStore.Row>(new CommandDefinition(ReferenceTableStore.SelectSql + " ORDER BY kind, effective_from DESC", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToInfo()).ToList();
    }
}
