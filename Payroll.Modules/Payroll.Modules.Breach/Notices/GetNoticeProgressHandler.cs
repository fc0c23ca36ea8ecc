using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach.Notices;

internal sealed class GetNoticeProgressHandler(IDbConnectionFactory db, NoticeStore store, FieldCipher cipher) : IRequestHandler<GetNoticeProgress, NoticeProgress>
{
    private const string ReviewSql = $"SELECT {NoticeStore.NoticeColumns} FROM breach_notice n WHERE n.incident_id = @incidentId AND n.state IN ('Review', 'Failed') ORDER BY n.id";

    public async ValueTask<NoticeProgress> Handle(GetNoticeProgress request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var launch = await store.LaunchAsync(c, null, request.IncidentId, cancellationToken);
        var review = await c.QueryAsync<NoticeStore.NoticeRow>(new CommandDefinition(ReviewSql, new { incidentId = request.IncidentId }, cancellationToken: cancellationToken));
        return new NoticeProgress(request.IncidentId, launch?.ToLaunch(), await store.ProgressAsync(c, request.IncidentId, cancellationToken), review.Select(r => r.ToEvidence(cipher)).ToList());
    }
}
