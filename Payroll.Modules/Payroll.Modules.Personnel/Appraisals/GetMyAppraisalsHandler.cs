using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Appraisals;

internal sealed class GetMyAppraisalsHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyAppraisals, IReadOnlyList<Appraisal>>
{
    public async ValueTask<IReadOnlyList<Appraisal>> Handle(GetMyAppraisals request, CancellationToken cancellationToken) =>
        await SignedInPerson.NumberAsync(db, request.Actor, cancellationToken) is { } number
            ? await sender.Send(new GetEmployeeAppraisals(number, request.Actor), cancellationToken)
            : [];
}
