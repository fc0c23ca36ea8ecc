using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Runs;

internal sealed class GetRunTablesHandler(IDbConnectionFactory db) : IRequestHandler<GetRunTables, IReadOnlyList<RunTableUse>>
{
    public async ValueTask<IReadOnlyList<RunTableUse>> Handle(GetRunTables request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return await RunTables.LoadAsync(c, null, request.RunId, cancellationToken);
    }
}
