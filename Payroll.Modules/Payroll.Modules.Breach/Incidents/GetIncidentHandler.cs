using System.Globalization;
using Mediator;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Modules.Breach.Incidents;

/// <summary>
/// An incident's status. Its affected set's counts by unit and category say who was affected (a unit of one names its
/// person), so each read is recorded with the set's people as subjects, on the page and at the command line alike.
/// </summary>
internal sealed class GetIncidentHandler(IncidentStore store, AffectedSetStore sets, ISender sender) : IRequestHandler<GetIncident, IncidentDetail?>
{
    public async ValueTask<IncidentDetail?> Handle(GetIncident request, CancellationToken cancellationToken)
    {
        var detail = await store.ReadAsync(request.IncidentId, sets, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var people = detail.CurrentSet is { } set ? await sets.PersonIdsAsync(set.SetId, cancellationToken) : [];
        var resource = detail.CurrentSet is { } current
            ? string.Create(CultureInfo.InvariantCulture, $"/breach/incidents/{request.IncidentId}/status/{current.Version}")
            : string.Create(CultureInfo.InvariantCulture, $"/breach/incidents/{request.IncidentId}/status");
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, resource, people, ["breach-affected"], AccessOutcome.Allowed), cancellationToken);
        return detail;
    }
}
