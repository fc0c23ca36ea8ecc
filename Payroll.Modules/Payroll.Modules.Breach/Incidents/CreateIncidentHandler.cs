using Mediator;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Incidents;

internal sealed class CreateIncidentHandler(IncidentStore store) : IRequestHandler<CreateIncident, long>
{
    public async ValueTask<long> Handle(CreateIncident request, CancellationToken cancellationToken)
    {
        return await store.InsertAsync(IncidentStore.Checked(request.Input), request.Actor, cancellationToken);
    }
}
