using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Notices;

internal sealed class RequestNoticeLaunchHandler(IDbConnectionFactory db, NoticeContext context, NoticeStore store, IClock clock) : IRequestHandler<RequestNoticeLaunch, NoticeLaunch>
{
    private const string InsertSql = """
        INSERT INTO breach_launch (incident_id, set_id, public_notice, requested_by, requested_at) VALUES (@incidentId, @setId, @publicNotice, @actor, @now)
        """;

    public async ValueTask<NoticeLaunch> Handle(RequestNoticeLaunch request, CancellationToken cancellationToken)
    {
        var (incident, _, _, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems.Select(p => new InputError(null, "notice", p)).ToList());
        }

        await using var c = await db.OpenAsync(cancellationToken);
        if (await store.LaunchAsync(c, null, request.IncidentId, cancellationToken) is { } existing)
        {
            throw new ConflictException(existing.ApprovedBy is null
                ? $"Notices of incident {request.IncidentId} were already requested by {existing.RequestedBy}; another officer approves them."
                : $"Notices of incident {request.IncidentId} were launched on approval by {existing.ApprovedBy}: they go out once.");
        }

        await c.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            incidentId = request.IncidentId, setId = incident.CurrentSet!.SetId, publicNotice = request.PublicNotice, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds(),
        }, cancellationToken: cancellationToken));
        return (await store.LaunchAsync(c, null, request.IncidentId, cancellationToken))!.ToLaunch();
    }
}
