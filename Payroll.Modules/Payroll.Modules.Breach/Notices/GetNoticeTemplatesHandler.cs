using Mediator;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Notices;

internal sealed class GetNoticeTemplatesHandler(NoticeStore store) : IRequestHandler<GetNoticeTemplates, IReadOnlyList<NoticeTemplate>>
{
    public async ValueTask<IReadOnlyList<NoticeTemplate>> Handle(GetNoticeTemplates request, CancellationToken cancellationToken)
    {
        return await store.TemplatesAsync(request.IncidentId, cancellationToken);
    }
}
