using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Appraisals;

internal sealed class SaveAppraisalHandler(IDbConnectionFactory db, AppraisalWriter writer, ISender sender) : IRequestHandler<SaveAppraisal, long>
{
    public async ValueTask<long> Handle(SaveAppraisal request, CancellationToken cancellationToken)
    {
        if (request.Year is < 1912 or > 9999)
        {
            throw new InvalidInputException([new InputError(null, "年度", "不合理的年度")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindEmployeeHandler.ByNumberSql, new { no = request.EmployeeNo }, tx, cancellationToken: cancellationToken))
            ?? throw new InvalidInputException([new InputError(null, "員工編號", $"查無員工編號「{request.EmployeeNo}」")]);
        var change = await writer.WriteAsync(c, tx, id, request.Year, request.Grade, request.DecidedOn, request.Actor, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (change is not null)
        {
            await sender.Send(change, cancellationToken);
        }

        return id;
    }
}
