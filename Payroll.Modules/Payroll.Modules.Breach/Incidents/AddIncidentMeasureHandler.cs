using Mediator;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Incidents;

internal sealed class AddIncidentMeasureHandler(IncidentStore store, AffectedSetStore sets) : IRequestHandler<AddIncidentMeasure, IncidentDetail>
{
    public async ValueTask<IncidentDetail> Handle(AddIncidentMeasure request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 2000)
        {
            throw new InvalidInputException([new InputError(null, "text", "say what was done, at most 2,000 characters")]);
        }

        _ = await store.ReadAsync(request.IncidentId, sets, cancellationToken) ?? throw new NotFoundException("incident", request.IncidentId);
        await store.AddMeasureAsync(request.IncidentId, request.TakenAt, request.Text.Trim(), request.Actor, cancellationToken);
        return (await store.ReadAsync(request.IncidentId, sets, cancellationToken))!;
    }
}
