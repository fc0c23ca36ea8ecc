using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>An employee sees their own record only.</summary>
internal sealed class GetMyRecordHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyRecord, IReadOnlyList<EmployeeVersion>>
{
    public async ValueTask<IReadOnlyList<EmployeeVersion>> Handle(GetMyRecord request, CancellationToken cancellationToken) =>
        await SignedInPerson.NumberAsync(db, request.Actor, cancellationToken) is { } number
            ? await sender.Send(new GetEmployeeHistory(number, request.Actor), cancellationToken)
            : [];
}
