using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Breach.Notices;

/// <summary>Queued e-mails whose attempt is overdue (their job was lost) and notices stuck Sending (to the review list).</summary>
internal sealed class FindStalledNoticesHandler(IDbConnectionFactory db, IOptions<BreachOptions> options, IClock clock) : IRequestHandler<FindStalledNotices, StalledNotices>
{
    private const string OverdueSql = "SELECT id FROM breach_notice WHERE state = 'Queued' AND channel <> 'Letter' AND next_attempt_at < @before ORDER BY id";

    private const string ReviewSql = "UPDATE breach_notice SET state = 'Review', failure = 'interrupted while sending: check the mail server before sending again' WHERE state = 'Sending' AND sending_at < @before";

    public async ValueTask<StalledNotices> Handle(FindStalledNotices request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var c = await db.OpenAsync(cancellationToken);
        var moved = await c.ExecuteAsync(new CommandDefinition(ReviewSql, new { before = (now - options.Value.SendingTimeout).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var overdue = (await c.QueryAsync<long>(new CommandDefinition(OverdueSql, new { before = (now - options.Value.QueueTimeout).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))).ToList();
        return new StalledNotices(overdue, moved);
    }
}
