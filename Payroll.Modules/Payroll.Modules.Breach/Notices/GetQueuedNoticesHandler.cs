using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using MimeKit;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

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
