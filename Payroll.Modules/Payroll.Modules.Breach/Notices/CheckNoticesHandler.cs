using Mediator;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Notices;

internal sealed class CheckNoticesHandler(NoticeContext context) : IRequestHandler<CheckNotices, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(CheckNotices request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireReader(request.Actor);
        return (await context.LoadAsync(request.IncidentId, cancellationToken)).Problems;
    }
}
