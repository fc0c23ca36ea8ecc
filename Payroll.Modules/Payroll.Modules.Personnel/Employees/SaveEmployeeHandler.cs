using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

internal sealed class SaveEmployeeHandler(IDbConnectionFactory db, EmployeeVersions versions, IClock clock) : IRequestHandler<SaveEmployee, long>
{
    private const string FindSql = "SELECT id FROM personnel_employee WHERE employee_no = @no";

    private const string InsertEmployeeSql = """
        INSERT INTO personnel_employee (employee_no, created_at, created_by) VALUES (@no, @now, @actor) RETURNING id
        """;

    public async ValueTask<long> Handle(SaveEmployee request, CancellationToken cancellationToken)
    {
        var e = request.Input;
        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var reference = await ReferenceData.LoadAsync(c, tx, cancellationToken);
        var errors = EmployeeRules.Validate(e, reference).ToList();
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add(new InputError(null, "異動原因", "必填"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindSql, new { no = e.EmployeeNo }, tx, cancellationToken: cancellationToken))
            ?? await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertEmployeeSql, new { no = e.EmployeeNo, now, actor = request.Actor.Name }, tx, cancellationToken: cancellationToken));
        await EmployeeVersions.InsertAsync(
            c, tx, [versions.Row(id, reference.Units[e.UnitCode], e, request.EffectiveFrom, request.Reason.Trim(), request.Actor, now)], cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return id;
    }
}
