using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Salary.Tables;

/// <summary>The shipped tables, each loaded once (a version with the same kind and date is left alone).</summary>
internal sealed class LoadShippedReferenceTablesHandler(IDbConnectionFactory db, IClock clock) : IRequestHandler<LoadShippedReferenceTables, int>
{
    public async ValueTask<int> Handle(LoadShippedReferenceTables request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var file in ShippedTables.ReadAll())
        {
            if (await ReferenceTableStore.InsertAsync(c, tx, file, request.Actor.Name, clock.UtcNow, cancellationToken) is not null)
            {
                added++;
            }
        }

        await tx.CommitAsync(cancellationToken);
        return added;
    }
}
