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

internal sealed class CreateIncidentHandler(IncidentStore store) : IRequestHandler<CreateIncident, long>
{
    public async ValueTask<long> Handle(CreateIncident request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireOfficer(request.Actor);
        return await store.InsertAsync(IncidentStore.Checked(request.Input), request.Actor, cancellationToken);
    }
}
