using Mediator;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Incidents;

internal sealed class UpdateIncidentHandler(IncidentStore store, AffectedSetStore sets) : IRequestHandler<UpdateIncident, IncidentDetail>
{
    public async ValueTask<IncidentDetail> Handle(UpdateIncident request, CancellationToken cancellationToken)
    {
        return await store.UpdateAsync(request.IncidentId, IncidentStore.Checked(request.Input), request.Actor, cancellationToken)
            ? (await store.ReadAsync(request.IncidentId, sets, cancellationToken))!
            : throw new NotFoundException("incident", request.IncidentId);
    }
}
