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

internal sealed class LoadReferenceTableHandler(ReferenceTableLoader loader) : IRequestHandler<LoadReferenceTable, ReferenceTableInfo>
{
    public async ValueTask<ReferenceTableInfo> Handle(LoadReferenceTable request, CancellationToken cancellationToken) =>
        await loader.LoadAsync(() => ReferenceTableFile.Parse(request.Json), request.Actor, cancellationToken);
}
