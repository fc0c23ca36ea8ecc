using System.Data.Common;
using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Tables;

internal sealed class ImportReferenceTableHandler(ReferenceTableLoader loader) : IRequestHandler<ImportReferenceTable, ReferenceTableInfo>
{
    public async ValueTask<ReferenceTableInfo> Handle(ImportReferenceTable request, CancellationToken cancellationToken) =>
        await loader.LoadAsync(() => ReferenceTableWorkbookFormat.Read(request.Workbook), request.Actor, cancellationToken);
}
