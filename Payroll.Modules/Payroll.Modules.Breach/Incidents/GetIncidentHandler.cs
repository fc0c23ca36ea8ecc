using Mediator;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Incidents;

internal sealed class GetIncidentHandler(IncidentStore store, AffectedSetStore sets) : IRequestHandler<GetIncident, IncidentDetail?>
{
    public async ValueTask<IncidentDetail?> Handle(GetIncident request, CancellationToken cancellationToken)
    {
        return await store.ReadAsync(request.IncidentId, sets, cancellationToken);
    }
}
