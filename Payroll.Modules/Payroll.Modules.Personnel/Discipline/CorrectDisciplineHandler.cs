using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Discipline;

internal sealed class CorrectDisciplineHandler(IDbConnectionFactory db, DisciplineWriter writer, ISender sender) : IRequestHandler<CorrectDiscipline, DisciplineRecord>
{
    private const string ByIdSql = $"SELECT {DisciplineWriter.Columns} FROM personnel_discipline WHERE id = @Id";

    public async ValueTask<DisciplineRecord> Handle(CorrectDiscipline request, CancellationToken cancellationToken)
    {
        DisciplineWriter.CheckWriter(request.Actor);
        var errors = DisciplineWriter.Check(request.Kind, request.Basis, request.Reference).ToList();
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 200)
        {
            errors.Add(new InputError(null, "更正理由", "必填，至多 200 字"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var before = (await c.QuerySingleOrDefaultAsync<DisciplineWriter.Row>(new CommandDefinition(ByIdSql, request, tx, cancellationToken: cancellationToken)))?.ToRecord()
            ?? throw new NotFoundException("discipline record", request.Id);
        var changes = await writer.UpdateAsync(c, tx, before, request, cancellationToken);
        var after = (await c.QuerySingleAsync<DisciplineWriter.Row>(new CommandDefinition(ByIdSql, request, tx, cancellationToken: cancellationToken))).ToRecord();
        await tx.CommitAsync(cancellationToken);
        foreach (var change in changes)
        {
            await sender.Send(change, cancellationToken);
        }

        return after;
    }
}
