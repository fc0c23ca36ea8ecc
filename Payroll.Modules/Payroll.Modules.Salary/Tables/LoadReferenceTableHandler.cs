using Mediator;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Modules.Salary.Tables;

internal sealed class LoadReferenceTableHandler(ReferenceTableLoader loader) : IRequestHandler<LoadReferenceTable, ReferenceTableInfo>
{
    public async ValueTask<ReferenceTableInfo> Handle(LoadReferenceTable request, CancellationToken cancellationToken) =>
        await loader.LoadAsync(() => ReferenceTableFile.Parse(request.Json), request.Actor, cancellationToken);
}
