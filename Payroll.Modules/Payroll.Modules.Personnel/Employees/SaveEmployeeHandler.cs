using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Validates the record, then either writes it as a version in force, or, when it is a new person, moves money or takes
/// effect before today (<see cref="PendingRules.Why"/>), keeps it as a pending change for a second HR clerk.
/// </summary>
internal sealed class SaveEmployeeHandler(IDbConnectionFactory db, EmployeeVersions versions, PendingChangeStore pending, FieldCipher cipher, IClock clock)
    : IRequestHandler<SaveEmployee, SavedEmployee>
{
    private const string FindSql = "SELECT id FROM personnel_employee WHERE employee_no = @no";

    private const string InsertEmployeeSql = """
        INSERT INTO personnel_employee (employee_no, created_at, created_by) VALUES (@no, @now, @actor) RETURNING id
        """;

    public async ValueTask<SavedEmployee> Handle(SaveEmployee request, CancellationToken cancellationToken)
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
        if ((await PendingChangeStore.OpenAsync(c, tx, db.Provider, [id], cancellationToken)).TryGetValue(id, out var open))
        {
            throw new InvalidInputException([PendingChangeStore.AlreadyPending(open)]);
        }

        var before = (await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(VersionRow.LatestByNumberSql, new { no = e.EmployeeNo }, tx, cancellationToken: cancellationToken)))
            ?.ToInput(cipher);
        var why = PendingRules.Why(before, e, request.EffectiveFrom, RocDate.TaipeiDate(clock.UtcNow));
        long? pendingId = null;
        if (why.Count > 0)
        {
            var row = pending.Row(null, id, reference.Units[e.UnitCode], e, request.EffectiveFrom, request.Reason.Trim(), why, request.Actor, now);
            await PendingChangeStore.AddAsync(c, tx, [row], cancellationToken);
            pendingId = await PendingChangeStore.IdOfAsync(c, tx, row, cancellationToken);
        }
        else
        {
            await EmployeeVersions.InsertAsync(
                c, tx, [versions.Row(id, reference.Units[e.UnitCode], e, request.EffectiveFrom, request.Reason.Trim(), request.Actor.Name, now, new VersionProvenance(PendingRules.PayFields(before, e)))],
                cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new SavedEmployee(id, pendingId);
    }
}
