using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach.Notices;

internal sealed class GetQueuedNoticesHandler(IDbConnectionFactory db) : IRequestHandler<GetQueuedNotices, IReadOnlyList<long>>
{
    private const string QueuedSql = "SELECT id FROM breach_notice WHERE incident_id = @IncidentId AND state = 'Queued' AND channel <> 'Letter' ORDER BY id";

    public async ValueTask<IReadOnlyList<long>> Handle(GetQueuedNotices request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return (await c.QueryAsync<long>(new CommandDefinition(QueuedSql, request, cancellationToken: cancellationToken))).ToList();
    }
}
