using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Discipline;

internal sealed class RecordDisciplineHandler(IDbConnectionFactory db, DisciplineWriter writer, ISender sender) : IRequestHandler<RecordDiscipline, long>
{
    public async ValueTask<long> Handle(RecordDiscipline request, CancellationToken cancellationToken)
    {
        DisciplineWriter.CheckWriter(request.Actor);
        var errors = DisciplineWriter.Check(request.Kind, request.Basis, request.Reference).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var employeeId = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = request.EmployeeNo }, tx, cancellationToken: cancellationToken))
            ?? throw new InvalidInputException([new InputError(null, "員工編號", $"查無員工編號「{request.EmployeeNo}」")]);
        var (id, change) = await writer.InsertAsync(c, tx, employeeId, request.Kind, request.Basis, request.DecidedOn, request.Reference, request.Actor, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        await sender.Send(change, cancellationToken);
        return id;
    }
}
