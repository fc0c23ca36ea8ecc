using Mediator;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Notices;

internal sealed class CheckNoticesHandler(NoticeContext context) : IRequestHandler<CheckNotices, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(CheckNotices request, CancellationToken cancellationToken)
    {
        return (await context.LoadAsync(request.IncidentId, cancellationToken)).Problems;
    }
}
