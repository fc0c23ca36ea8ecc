using Mediator;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Incidents;

internal sealed class ListIncidentsHandler(IncidentStore store, AffectedSetStore sets) : IRequestHandler<ListIncidents, IReadOnlyList<IncidentSummary>>
{
    public async ValueTask<IReadOnlyList<IncidentSummary>> Handle(ListIncidents request, CancellationToken cancellationToken)
    {
        return await store.ListAsync(sets, cancellationToken);
    }
}
