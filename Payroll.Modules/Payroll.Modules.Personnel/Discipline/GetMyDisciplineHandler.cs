using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Discipline;

internal sealed class GetMyDisciplineHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyDiscipline, IReadOnlyList<DisciplineRecord>>
{
    public async ValueTask<IReadOnlyList<DisciplineRecord>> Handle(GetMyDiscipline request, CancellationToken cancellationToken) =>
        await SignedInPerson.NumberAsync(db, request.Actor, cancellationToken) is { } number
            ? await sender.Send(new GetEmployeeDiscipline(number, request.Actor), cancellationToken)
            : [];
}
