using Mediator;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Modules.Salary.Tables;

internal sealed class ImportReferenceTableHandler(ReferenceTableLoader loader) : IRequestHandler<ImportReferenceTable, ReferenceTableInfo>
{
    public async ValueTask<ReferenceTableInfo> Handle(ImportReferenceTable request, CancellationToken cancellationToken) =>
        await loader.LoadAsync(() => ReferenceTableWorkbookFormat.Read(request.Workbook), request.Actor, cancellationToken);
}
