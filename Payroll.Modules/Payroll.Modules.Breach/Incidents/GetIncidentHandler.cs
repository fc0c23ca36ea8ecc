using Dapper;
using Mediator;
using Payroll.Modules.Breach.Rules;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Incidents;

internal sealed class GetIncidentHandler(IncidentStore store, AffectedSetStore sets) : IRequestHandler<GetIncident, IncidentDetail?>
{
    public async ValueTask<IncidentDetail?> Handle(GetIncident request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireReader(request.Actor);
        return await store.ReadAsync(request.IncidentId, sets, cancellationToken);
    }
}
