using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Notices;

/// <summary>
/// Separation of duties: a second compliance officer approves; the notices are then written in one transaction (one per
/// person: e-mail when an address is on record, else a letter; and the public notice if asked) and announced.
/// </summary>
internal sealed class ApproveNoticeLaunchHandler(IDbConnectionFactory db, NoticeContext context, NoticeStore store, ISender sender, IPublisher publisher, IClock clock)
    : IRequestHandler<ApproveNoticeLaunch, NoticeLaunch>
{
    private static readonly string[] Columns = ["incident_id", "set_id", "employee_id", "employee_no", "unit_code", "channel", "state", "queued_at", "next_attempt_at"];

    private const string ApproveSql = """
        UPDATE breach_launch SET approved_by = @actor, approved_at = @now, notices = @notices WHERE incident_id = @incidentId AND approved_by IS NULL
        """;

    private const string IdsSql = "SELECT id FROM breach_notice WHERE incident_id = @incidentId ORDER BY id";

    public async ValueTask<NoticeLaunch> Handle(ApproveNoticeLaunch request, CancellationToken cancellationToken)
    {
        var (_, _, people, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        NoticeStore.LaunchRow launch;
        await using (var read = await db.OpenAsync(cancellationToken))
        {
            launch = await store.LaunchAsync(read, null, request.IncidentId, cancellationToken)
                ?? throw new ConflictException($"Nobody has asked to launch the notices of incident {request.IncidentId}.");
        }

        if (string.Equals(launch.RequestedBy, request.Actor.Name, StringComparison.Ordinal))
        {
            throw new RefusedException($"{request.Actor.Name} asked for this launch and cannot also approve it: a second compliance officer approves.", RefusedException.FourEyesRule);
        }

        if (launch.ApprovedBy is not null)
        {
            throw new ConflictException($"Notices of incident {request.IncidentId} were already launched by {launch.ApprovedBy}.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems.Select(p => new InputError(null, "notice", p)).ToList());
        }

        var setPeople = people;
        var recipients = (await sender.Send(new GetNoticeRecipients(setPeople.Select(p => p.EmployeeId).ToList()), cancellationToken)).ToDictionary(r => r.EmployeeId);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var rows = setPeople.Select(p =>
        {
            var channel = recipients.TryGetValue(p.EmployeeId, out var r) && r.Email is not null ? NoticeChannel.Email : NoticeChannel.Letter;
            return new object?[] { request.IncidentId, launch.SetId, p.EmployeeId, p.EmployeeNo, p.UnitCode, channel.ToString(), nameof(NoticeState.Queued), now, now };
        }).ToList();
        if (launch.PublicNotice)
        {
            rows.Add([request.IncidentId, launch.SetId, null, null, null, nameof(NoticeChannel.Public), nameof(NoticeState.Queued), now, now]);
        }

        IReadOnlyList<long> ids;
        await using (var c = await db.OpenAsync(cancellationToken))
        await using (var tx = await c.BeginTransactionAsync(cancellationToken))
        {
            if (await c.ExecuteAsync(new CommandDefinition(ApproveSql, new { incidentId = request.IncidentId, actor = request.Actor.Name, now, notices = (long)rows.Count }, tx, cancellationToken: cancellationToken)) != 1)
            {
                throw new ConflictException($"Notices of incident {request.IncidentId} were launched meanwhile.");
            }

            await Kernel.Db.BulkInsert.RunAsync(c, tx, "breach_notice", Columns, rows, cancellationToken);
            ids = (await c.QueryAsync<long>(new CommandDefinition(IdsSql, new { incidentId = request.IncidentId }, tx, cancellationToken: cancellationToken))).ToList();
            await tx.CommitAsync(cancellationToken);
        }

        await publisher.Publish(new NoticesLaunched(request.IncidentId, ids), cancellationToken);
        await using var again = await db.OpenAsync(cancellationToken);
        return (await store.LaunchAsync(again, null, request.IncidentId, cancellationToken))!.ToLaunch();
    }
}
