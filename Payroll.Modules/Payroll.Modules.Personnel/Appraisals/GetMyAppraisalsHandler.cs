using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClosedXML.Excel;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Personnel.Employees;
using Payroll.Modules.Personnel.Import;

namespace Payroll.Modules.Personnel.Appraisals;

internal sealed class GetMyAppraisalsHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyAppraisals, IReadOnlyList<Appraisal>>
{
    public async ValueTask<IReadOnlyList<Appraisal>> Handle(GetMyAppraisals request, CancellationToken cancellationToken) =>
        await SignedInPerson.NumberAsync(db, request.Actor, cancellationToken) is { } number
            ? await sender.Send(new GetEmployeeAppraisals(number, request.Actor), cancellationToken)
            : [];
}
